package dev.fusenet.runtime.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.FlipMode;
import dev.fusenet.annotations.Initializer;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Optimizer;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A null where a builder option takes an enum is refused at the call that passes it, naming the option and its
 * choices; before, it was kept and the model failed later with a NullPointerException far from the mistake.
 */
class NullOptionsTest {

    private static void assertRefused(String expected, Consumer<SequentialBuilder> layers) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sequential.build(m -> {
            layers.accept(m);
            m.dense(2);
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.MEAN_SQUARED_ERROR));
        }));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void eachEnumOptionRefusesNull() {
        assertRefused("activation(null): give one of Activation's values "
                + java.util.Arrays.toString(Activation.values()), m -> m.dense(3, d -> d.activation(null)
                .inputShape(4)));
        assertRefused("padding(null): give one of Padding's values [VALID, SAME]",
                m -> m.conv2d(2, 3, c -> c.padding(null).inputShape(8, 8, 1)));
        assertRefused("kernelInitializer(null): give one of Initializer's values "
                + java.util.Arrays.toString(Initializer.values()), m -> m.dense(3, d -> d.kernelInitializer(null)
                .inputShape(4)));
        assertRefused("padding(null): give one of Padding's values [VALID, SAME]",
                m -> m.maxPooling2d(2, p -> p.padding(null).inputShape(8, 8, 1)));
        assertRefused("fillMode(null): give one of FillMode's values [REFLECT, WRAP, CONSTANT, NEAREST]",
                m -> m.randomRotation(new double[] {0.1}, r -> r.fillMode(null).inputShape(8, 8, 1)));
        assertRefused("randomFlip(null): give one of FlipMode's values " + java.util.Arrays.toString(
                FlipMode.values()), m -> m.randomFlip(null, f -> f.inputShape(8, 8, 1)));
        assertRefused("activation(null): give one of Activation's values "
                + java.util.Arrays.toString(Activation.values()), m -> m.activation(null));
        IllegalArgumentException loss = assertThrows(IllegalArgumentException.class, () -> Sequential.build(m -> {
            m.dense(2, d -> d.inputShape(3));
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(null));
        }));
        assertEquals("loss(null): give one of Loss's values " + java.util.Arrays.toString(Loss.values()),
                loss.getMessage());
    }
}
