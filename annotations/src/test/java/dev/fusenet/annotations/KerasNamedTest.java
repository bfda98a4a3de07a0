package dev.fusenet.annotations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KerasNamedTest {

    @Test
    void resolvesKerasIdentifiersAndEnumNames() {
        assertEquals(Loss.CATEGORICAL_CROSSENTROPY, KerasNamed.fromKerasName(Loss.class, "categorical_crossentropy"));
        assertEquals(Optimizer.RMSPROP, KerasNamed.fromKerasName(Optimizer.class, "RMSprop"));
        assertEquals(Activation.LEAKY_RELU, KerasNamed.fromKerasName(Activation.class, "LEAKY_RELU"));
        assertEquals(Metric.ACCURACY, KerasNamed.fromKerasName(Metric.class, "accuracy"));
    }

    @Test
    void unknownNameListsWhatIsAccepted() {
        var e = assertThrows(IllegalArgumentException.class, () -> KerasNamed.fromKerasName(Optimizer.class, "adamm"));
        assertEquals("unknown Optimizer \"adamm\"; use one of \"sgd\", \"rmsprop\", \"adam\", \"adagrad\", "
                + "\"adadelta\", \"adamax\", \"nadam\", \"adamw\"", e.getMessage());
    }

    @Test
    void everyKerasNameIsTheLowerCaseEnumNameAndUnique() {
        List<Class<? extends KerasNamed>> vocabularies =
                List.of(Activation.class, Optimizer.class, Loss.class, Metric.class);
        for (var type : vocabularies) {
            Set<String> seen = new HashSet<>();
            for (KerasNamed constant : type.getEnumConstants()) {
                String enumName = ((Enum<?>) constant).name();
                assertEquals(enumName.toLowerCase(Locale.ROOT), constant.kerasName(), type.getSimpleName());
                assertTrue(seen.add(constant.kerasName()), "duplicate " + constant.kerasName());
            }
        }
    }
}
