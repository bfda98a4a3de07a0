package dev.fusenet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fusenet.processor.ValidationRulesTest.assertError;
import static dev.fusenet.processor.ValidationRulesTest.compile;
import static dev.fusenet.processor.ValidationRulesTest.net;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.dsl.ModelDefinitionException;
import dev.fusenet.runtime.dsl.Sequential;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;

/** Each rule of the augmentation layers, as a javac diagnostic on the offending annotation, and in the DSL. */
class AugmentationRulesTest {

    private static final String COMPILE = "@Compile(optimizer = Optimizer.ADAM, loss = "
            + "Loss.SPARSE_CATEGORICAL_CROSSENTROPY)";
    private static final String FIRST = "@Rescaling(scale = 1.0 / 255, inputShape = {12, 12, 3}) Layer pixels();";
    private static final String CONV = "@Conv2D(filters = 4, kernelSize = 3) Layer conv();";
    private static final String HEAD = "@Flatten Layer flat();";
    private static final String OUTPUT = "@Dense(units = 2, activation = Activation.SOFTMAX) Layer output();";

    private static JavaFileObject with(String... augmentations) {
        String[] members = new String[augmentations.length + 4];
        members[0] = FIRST;
        System.arraycopy(augmentations, 0, members, 1, augmentations.length);
        members[augmentations.length + 1] = CONV;
        members[augmentations.length + 2] = HEAD;
        members[augmentations.length + 3] = OUTPUT;
        return net(COMPILE, members);
    }

    @Test
    void theSixKindsWithKerasDefaultsCompileWithoutDiagnostics() {
        Compilation compilation = compile(with("@RandomFlip Layer flip();",
                "@RandomRotation(factor = 0.1) Layer rotation();",
                "@RandomZoom(heightFactor = {-0.2, 0.3}, widthFactor = 0.1, fillMode = FillMode.NEAREST) Layer zoom();",
                "@RandomTranslation(heightFactor = 0.1, widthFactor = 0.2, fillMode = FillMode.CONSTANT, "
                        + "fillValue = 7) Layer shift();",
                "@RandomContrast(factor = 0.2) Layer contrast();",
                "@RandomBrightness(factor = {-0.1, 0.2}, valueRange = {0, 1}) Layer brightness();"));
        assertThat(compilation).succeededWithoutWarnings();
        assertThat(compilation).generatedSourceFile("example.CompiledNet");
    }

    @Test
    void aFactorIsOneValueOrTwo() {
        assertError(with("@RandomRotation(factor = {0.1, 0.2, 0.3}) Layer rotation();"),
                "@RandomRotation factor takes one value f (for [-f, f]) or two {lower, upper}, got 3: "
                        + "[0.1, 0.2, 0.3]", "@RandomRotation");
        assertError(with("@RandomRotation(factor = {}) Layer rotation();"),
                "@RandomRotation factor takes one value f (for [-f, f]) or two {lower, upper}, got 0", "@RandomRotation");
    }

    @Test
    void aFactorsLowerBoundComesFirst() {
        assertError(with("@RandomTranslation(heightFactor = {0.2, -0.2}, widthFactor = 0.1) Layer shift();"),
                "@RandomTranslation heightFactor {lower, upper} needs lower <= upper, got [0.2, -0.2]; swap them",
                "@RandomTranslation");
    }

    @Test
    void factorsStayWithinKerasBounds() {
        assertError(with("@RandomTranslation(heightFactor = 0.1, widthFactor = 1.5) Layer shift();"),
                "@RandomTranslation widthFactor must lie in [-1, 1], got [1.5] (the range [-1.5, 1.5])",
                "@RandomTranslation");
        assertError(with("@RandomZoom(heightFactor = {-1, 0.2}) Layer zoom();"),
                "@RandomZoom heightFactor must lie in (-1, 1], got [-1.0, 0.2]", "@RandomZoom");
        assertError(with("@RandomBrightness(factor = 2) Layer brightness();"),
                "@RandomBrightness factor must lie in [-1, 1], got [2.0]", "@RandomBrightness");
        assertError(with("@RandomContrast(factor = {0.1, 1.5}) Layer contrast();"),
                "@RandomContrast factor values must lie in [0, 1], got [0.1, 1.5]", "@RandomContrast");
        assertError(with("@RandomRotation(factor = 1.0 / 0) Layer rotation();"),
                "@RandomRotation factor must be finite, got [Infinity]", "@RandomRotation");
    }

    @Test
    void aValueRangeIsTwoIncreasingNumbers() {
        assertError(with("@RandomContrast(factor = 0.2, valueRange = {255, 0}) Layer contrast();"),
                "@RandomContrast valueRange must be two finite numbers {min, max} with min < max, such as {0, 255} "
                        + "or {0, 1}, got [255.0, 0.0]", "@RandomContrast");
    }

    @Test
    void aFactorOfZeroChangesNothingAndWarns() {
        Compilation compilation = compile(with("@RandomRotation(factor = 0) Layer rotation();"));
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining("rotation: @RandomRotation with a factor of 0 changes no image, "
                + "so remove it");
    }

    @Test
    void aFillValueWithoutConstantFillWarns() {
        Compilation compilation = compile(with("@RandomZoom(heightFactor = 0.2, fillValue = 3) Layer zoom();"));
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining("@RandomZoom fillValue 3.0 is used with fillMode = CONSTANT only, "
                + "and fillMode is REFLECT; set fillMode = FillMode.CONSTANT or remove fillValue");
    }

    @Test
    void augmentationsTakeImages() {
        assertError(net(COMPILE, "@Dense(units = 4, inputShape = 6) Layer hidden();", "@RandomFlip Layer flip();",
                OUTPUT), "flip: @RandomFlip needs a (height, width, channels) input, but hidden gives (4)",
                "@RandomFlip");
    }

    @Test
    void theDslChecksTheSameRules() {
        String message = assertThrows(ModelDefinitionException.class, () -> Sequential.build(m -> {
            m.randomRotation(new double[] {0.3, 0.1}, r -> r.inputShape(8, 8, 1).name("turn"));
            m.flatten();
            m.dense(2);
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.MEAN_SQUARED_ERROR));
        })).getMessage();
        assertTrue(message.contains("@RandomRotation factor {lower, upper} needs lower <= upper, got [0.3, 0.1]"),
                message);
    }
}
