package dev.fusenet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static dev.fusenet.processor.ValidationRulesTest.assertError;
import static dev.fusenet.processor.ValidationRulesTest.compile;
import static dev.fusenet.processor.ValidationRulesTest.net;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.dsl.ModelDefinitionException;
import dev.fusenet.runtime.dsl.Sequential;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The rules and shapes of the weightless image layers (global pooling, rescaling, padding, up-sampling), as javac
 * diagnostics and in the DSL.
 */
class ImageLayerRulesTest {

    private static final String COMPILE = "@Compile(optimizer = Optimizer.ADAM, loss = "
            + "Loss.SPARSE_CATEGORICAL_CROSSENTROPY)";
    private static final String CONV = "@Conv2D(filters = 8, kernelSize = 3, inputShape = {12, 12, 1}) Layer conv();";
    private static final String OUTPUT = "@Dense(units = 10, activation = Activation.SOFTMAX) Layer output();";

    @Test
    void aConvnetWithAGlobalAverageHeadCompilesWithoutDiagnostics() {
        assertThat(compile(net(COMPILE, CONV, "@GlobalAveragePooling2D Layer pool();", OUTPUT)))
                .succeededWithoutWarnings();
    }

    @Test
    void keepdimsKeepsTheSpatialAxesSoADenseNeedsAFlattenAfterIt() {
        assertError(net(COMPILE, CONV, "@GlobalMaxPooling2D(keepdims = true) Layer pool();", OUTPUT),
                "output: @Dense takes flat inputs, but pool gives the (1, 1, 8) feature map; put a @Flatten layer "
                        + "before it", "Layer output()");
        assertThat(compile(net(COMPILE, CONV, "@GlobalMaxPooling2D(keepdims = true) Layer pool();",
                "@Flatten Layer flat();", OUTPUT))).succeededWithoutWarnings();
    }

    @Test
    void itPoolsFeatureMapsNotFlatValues() {
        assertError(net(COMPILE, CONV, "@Flatten Layer flat();", "@GlobalAveragePooling2D Layer pool();", OUTPUT),
                "pool: @GlobalAveragePooling2D needs a (height, width, channels) input, but flat gives (800)",
                "@GlobalAveragePooling2D");
    }

    @Test
    void theDslGivesChannelsAndTheSameMessage() {
        Sequential model = Sequential.build(m -> {
            m.conv2d(8, 3, c -> c.inputShape(12, 12, 1));
            m.globalAveragePooling2d();
            m.dense(10);
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.MEAN_SQUARED_ERROR));
        });
        assertTrue(model.summary().contains("│ (None, 8)  "), model.summary());
        assertEquals(8 * 10 + 10 + 9 * 8 + 8, model.getWeights().stream().mapToLong(t -> t.size()).sum());
        String message = assertThrows(ModelDefinitionException.class, () -> Sequential.build(m -> {
            m.dense(4, d -> d.inputShape(6).name("hidden"));
            m.globalMaxPooling2d(p -> p.name("pool"));
            m.dense(2);
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.MEAN_SQUARED_ERROR));
        })).getMessage();
        assertTrue(message.contains("pool: @GlobalMaxPooling2D needs a (height, width, channels) input, but hidden "
                + "gives (4)"), message);
    }

    @Test
    void theBooksRescalingCompilesWithoutDiagnostics() {
        assertThat(compile(net(COMPILE, "@Rescaling(scale = 1.0 / 255, inputShape = {12, 12, 1}) Layer pixels();",
                CONV.replace(", inputShape = {12, 12, 1}", ""), "@GlobalAveragePooling2D Layer pool();", OUTPUT)))
                .succeededWithoutWarnings();
    }

    @Test
    void aRescalingScaleIsAFiniteNumber() {
        assertError(net(COMPILE, "@Rescaling(scale = 1.0 / 0, inputShape = {12, 12, 1}) Layer pixels();",
                        CONV.replace(", inputShape = {12, 12, 1}", ""), "@Flatten Layer flat();", OUTPUT),
                "@Rescaling: scale must be a finite number, got Infinity", "scale = 1.0 / 0");
    }

    @Test
    void aRescalingThatChangesNothingDrawsAWarning() {
        var source = net(COMPILE, "@Rescaling(scale = 1, inputShape = {12, 12, 1}) Layer pixels();",
                CONV.replace(", inputShape = {12, 12, 1}", ""), "@Flatten Layer flat();", OUTPUT);
        var compilation = compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining("pixels: @Rescaling(scale = 1) with no offset passes its input "
                + "through unchanged, so remove it").inFile(source).onLineContaining("scale = 1,");
    }

    @Test
    void paddingAndUpSamplingChangeTheMapsSize() {
        Sequential model = Sequential.build(m -> {
            m.zeroPadding2d(p -> p.padding(1, 2, 3, 4).inputShape(5, 6, 2));
            m.upSampling2d(u -> u.size(2, 3));
            m.flatten();
            m.dense(1);
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.MEAN_SQUARED_ERROR));
        });
        assertEquals(List.of(8, 13, 2), shape(model, 0));
        assertEquals(List.of(16, 39, 2), shape(model, 1));
        assertThat(compile(net(COMPILE, CONV, "@ZeroPadding2D Layer padded();", "@UpSampling2D Layer up();",
                "@Flatten Layer flat();", OUTPUT))).succeededWithoutWarnings();
    }

    private static List<Integer> shape(Sequential model, int layer) {
        return java.util.Arrays.stream(model.layers().get(layer).outputShape()).mapToObj(d -> (int) d).toList();
    }

    @Test
    void paddingTakesOneTwoOrFourSizes() {
        assertError(net(COMPILE, CONV, "@ZeroPadding2D(padding = {1, 2, 3}) Layer padded();", "@Flatten Layer flat();",
                        OUTPUT), "@ZeroPadding2D padding takes one size (every side), two (height, width) or four (top, "
                        + "bottom, left, right), got 3: [1, 2, 3]", "padding = {1, 2, 3}");
    }

    @Test
    void paddingIsZeroOrMore() {
        assertError(net(COMPILE, CONV, "@ZeroPadding2D(padding = {1, -1}) Layer padded();", "@Flatten Layer flat();",
                OUTPUT), "@ZeroPadding2D padding must be zero or more, got [1, -1]", "padding = {1, -1}");
    }

    @Test
    void noPaddingDrawsAWarning() {
        var source = net(COMPILE, CONV, "@ZeroPadding2D(padding = 0) Layer padded();", "@Flatten Layer flat();",
                OUTPUT);
        var compilation = compile(source);
        assertThat(compilation).succeeded();
        assertThat(compilation).hadWarningContaining("padded: @ZeroPadding2D(padding = 0) adds nothing, so remove it")
                .inFile(source).onLineContaining("padding = 0");
    }

    @Test
    void upSamplingFactorsArePositiveAndAtMostTwo() {
        assertError(net(COMPILE, CONV, "@UpSampling2D(size = 0) Layer up();", "@Flatten Layer flat();", OUTPUT),
                "@UpSampling2D size must be positive, got [0]", "size = 0");
        assertError(net(COMPILE, CONV, "@UpSampling2D(size = {2, 2, 2}) Layer up();", "@Flatten Layer flat();",
                OUTPUT), "@UpSampling2D size takes one size (square) or two (height, width), got 3: [2, 2, 2]",
                "size = {2, 2, 2}");
    }

    @Test
    void paddingAndUpSamplingTakeFeatureMaps() {
        assertError(net(COMPILE, CONV, "@Flatten Layer flat();", "@UpSampling2D Layer up();", OUTPUT),
                "up: @UpSampling2D needs a (height, width, channels) input, but flat gives (800)",
                "@UpSampling2D");
        assertError(net(COMPILE, CONV, "@Flatten Layer flat();", "@ZeroPadding2D Layer padded();", OUTPUT),
                "padded: @ZeroPadding2D needs a (height, width, channels) input, but flat gives (800)",
                "@ZeroPadding2D");
    }

    @Test
    void mobileNetsDepthwiseThenPointwisePairCompilesWithoutDiagnostics() {
        assertThat(compile(net(COMPILE, CONV, "@DepthwiseConv2D(kernelSize = 3, padding = Padding.SAME, activation = "
                + "Activation.RELU6) Layer dw();", "@Conv2D(filters = 16, kernelSize = 1) Layer pw();",
                "@GlobalAveragePooling2D Layer pool();", OUTPUT))).succeededWithoutWarnings();
    }

    @Test
    void aDepthwiseKernelLargerThanItsInputIsAnError() {
        assertError(net(COMPILE, CONV, "@DepthwiseConv2D(kernelSize = 11) Layer dw();", "@Flatten Layer flat();",
                OUTPUT), "dw: a 11×11 kernel does not fit the 10×10 input from conv; use padding = SAME, a smaller "
                + "kernel, or drop a pooling layer", "kernelSize = 11");
    }

    @Test
    void theDepthMultiplierIsPositive() {
        assertError(net(COMPILE, CONV, "@DepthwiseConv2D(kernelSize = 3, depthMultiplier = 0) Layer dw();",
                "@Flatten Layer flat();", OUTPUT), "@DepthwiseConv2D depthMultiplier must be positive, got 0",
                "depthMultiplier = 0");
    }

    @Test
    void theDepthMultiplierMultipliesTheChannels() {
        Sequential model = Sequential.build(m -> {
            m.depthwiseConv2d(3, d -> d.depthMultiplier(2).strides(2).padding(dev.fusenet.annotations.Padding.SAME)
                    .inputShape(9, 9, 3));
            m.flatten();
            m.dense(1);
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.MEAN_SQUARED_ERROR));
        });
        assertEquals(List.of(5, 5, 6), shape(model, 0));
        assertEquals(List.of("depthwise_kernel", "bias"), model.layers().get(0).weights().stream()
                .map(w -> w.name()).toList());
        assertEquals(3 * 3 * 3 * 2 + 6, model.layers().get(0).parameterCount());
    }

    @Test
    void theBooksSeparableBlockCompilesWithoutDiagnostics() {
        assertThat(compile(net(COMPILE, CONV, "@BatchNormalization Layer norm();",
                "@ActivationLayer(Activation.RELU) Layer relu();",
                "@SeparableConv2D(filters = 16, kernelSize = 3, padding = Padding.SAME, useBias = false) Layer sep();",
                "@MaxPooling2D(poolSize = 3, strides = 2, padding = Padding.SAME) Layer pool();",
                "@GlobalAveragePooling2D Layer gap();", OUTPUT))).succeededWithoutWarnings();
    }

    @Test
    void aSeparableKernelLargerThanItsInputIsAnError() {
        assertError(net(COMPILE, CONV, "@SeparableConv2D(filters = 4, kernelSize = 12) Layer sep();",
                "@Flatten Layer flat();", OUTPUT), "sep: a 12×12 kernel does not fit the 10×10 input from conv",
                "kernelSize = 12");
    }

    @Test
    void separableFiltersAndDepthMultiplierArePositive() {
        assertError(net(COMPILE, CONV, "@SeparableConv2D(filters = 0, kernelSize = 3) Layer sep();",
                "@Flatten Layer flat();", OUTPUT), "@SeparableConv2D filters must be positive, got 0", "filters = 0");
        assertError(net(COMPILE, CONV, "@SeparableConv2D(filters = 4, kernelSize = 3, depthMultiplier = -1) Layer "
                + "sep();", "@Flatten Layer flat();", OUTPUT), "@SeparableConv2D depthMultiplier must be positive, "
                + "got -1", "depthMultiplier = -1");
    }

    @Test
    void aSeparableConvolutionHasKerasWeights() {
        Sequential model = Sequential.build(m -> {
            m.separableConv2d(7, 3, s -> s.depthMultiplier(2).inputShape(9, 9, 3));
            m.flatten();
            m.dense(1);
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.MEAN_SQUARED_ERROR));
        });
        assertEquals(List.of(7, 7, 7), shape(model, 0));
        var weights = model.layers().get(0).weights();
        assertEquals(List.of("depthwise_kernel", "pointwise_kernel", "bias"), weights.stream().map(w -> w.name())
                .toList());
        assertEquals(List.of(List.of(3L, 3L, 3L, 2L), List.of(1L, 1L, 6L, 7L), List.of(7L)), weights.stream()
                .map(w -> java.util.Arrays.stream(w.shape()).boxed().toList()).toList());
    }

    @Test
    void croppingCutsTheBorderAsKerasCounts() {
        Sequential model = Sequential.build(m -> {
            m.cropping2d(new int[] {1, 2, 0, 3}, c -> c.inputShape(7, 8, 2));
            m.cropping2d(1, 0);
            m.cropping2d(0, 1);
            m.flatten();
            m.dense(1);
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.MEAN_SQUARED_ERROR));
        });
        assertEquals(List.of(4, 5, 2), shape(model, 0), "(top, bottom, left, right)");
        assertEquals(List.of(2, 5, 2), shape(model, 1), "(height, width), each on both sides");
        assertEquals(List.of(2, 3, 2), shape(model, 2));
        assertTrue(model.javaSource("example", "Cropped").contains("@Cropping2D(cropping = {1, 2, 0, 3}, inputShape "
                + "= {7, 8, 2})"), model.javaSource("example", "Cropped"));
        assertThat(compile(net(COMPILE, CONV, "@Cropping2D(cropping = {1, 0, 2, 1}) Layer crop();",
                "@Flatten Layer flat();", OUTPUT))).succeededWithoutWarnings();
    }

    @Test
    void croppingTakesOneTwoOrFourSizesOfZeroOrMore() {
        assertError(net(COMPILE, CONV, "@Cropping2D(cropping = {1, 2, 3}) Layer crop();", "@Flatten Layer flat();",
                OUTPUT), "@Cropping2D cropping takes one size (every side), two (height, width) or four (top, bottom, "
                + "left, right), got 3: [1, 2, 3]", "cropping = {1, 2, 3}");
        assertError(net(COMPILE, CONV, "@Cropping2D(cropping = -1) Layer crop();", "@Flatten Layer flat();", OUTPUT),
                "@Cropping2D cropping must be zero or more, got [-1]", "cropping = -1");
        assertThat(compile(net(COMPILE, CONV, "@Cropping2D(cropping = 0) Layer crop();", "@Flatten Layer flat();",
                OUTPUT))).hadWarningContaining("crop: @Cropping2D(cropping = 0) removes nothing, so remove it");
    }

    @Test
    void croppingLeavesAPixelOfAnImage() {
        assertError(net(COMPILE, CONV, "@Cropping2D(cropping = {4, 6, 0, 0}) Layer crop();", "@Flatten Layer flat();",
                OUTPUT), "crop: @Cropping2D removes 10 rows (4 and 6) of the 10 of the (10, 10, 8) input from conv; "
                + "crop fewer rows", "cropping = {4, 6, 0, 0}");
        assertError(net(COMPILE, CONV, "@Flatten Layer flat();", "@Cropping2D(cropping = 1) Layer crop();", OUTPUT),
                "crop: @Cropping2D needs a (height, width, channels) input, but flat gives (800)", "@Cropping2D");
    }

    /** Keras's sizes for dilated kernels: a kernel of k taps at rate d spans (k - 1) · d + 1 pixels. */
    @Test
    void dilatedKernelsHaveKerasOutputSizes() {
        Sequential model = Sequential.build(m -> {
            m.conv2d(4, 3, c -> c.dilationRate(2).inputShape(11, 10, 2));
            m.conv2d(4, 3, c -> c.dilationRate(2, 3).padding(dev.fusenet.annotations.Padding.SAME));
            m.depthwiseConv2d(new int[] {2, 3}, d -> d.dilationRate(3, 1));
            m.separableConv2d(5, 2, s -> s.dilationRate(2));
            m.flatten();
            m.dense(1);
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.MEAN_SQUARED_ERROR));
        });
        assertEquals(List.of(7, 6, 4), shape(model, 0), "VALID: 11 - 5 + 1 by 10 - 5 + 1");
        assertEquals(List.of(7, 6, 4), shape(model, 1), "SAME keeps the size whatever the rate");
        assertEquals(List.of(4, 4, 4), shape(model, 2), "a 2×3 kernel at (3, 1) spans 4×3");
        assertEquals(List.of(2, 2, 5), shape(model, 3));
        assertEquals(List.of(List.of(3L, 3L, 2L, 4L), List.of(4L)), model.layers().get(0).weights().stream()
                .map(w -> java.util.Arrays.stream(w.shape()).boxed().toList()).toList(), "the taps, not the span");
        assertTrue(model.javaSource("example", "Dilated").contains("@Conv2D(filters = 4, kernelSize = 3, "
                + "padding = Padding.SAME, dilationRate = {2, 3})"), model.javaSource("example", "Dilated"));
    }

    @Test
    void stridesAndDilationAreNotBothAboveOne() {
        assertError(net(COMPILE, "@Conv2D(filters = 8, kernelSize = 3, strides = 2, dilationRate = 2, inputShape = "
                + "{12, 12, 1}) Layer conv();", "@Flatten Layer flat();", OUTPUT), "@Conv2D strides 2 and "
                + "dilationRate 2 cannot both be above 1 (Keras refuses them together too); use strides = 1 with the "
                + "dilation, or a separate pooling or strided layer to downsample", "dilationRate = 2");
        assertError(net(COMPILE, CONV, "@DepthwiseConv2D(kernelSize = 3, strides = {1, 2}, dilationRate = {2, 1}) "
                + "Layer dw();", "@Flatten Layer flat();", OUTPUT), "@DepthwiseConv2D strides {1, 2} and dilationRate "
                + "{2, 1} cannot both be above 1", "dilationRate = {2, 1}");
        ModelDefinitionException dsl = assertThrows(ModelDefinitionException.class, () -> Sequential.build(m -> {
            m.separableConv2d(4, 3, s -> s.strides(2).dilationRate(2).inputShape(12, 12, 1));
            m.flatten();
            m.dense(1);
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.MEAN_SQUARED_ERROR));
        }));
        assertTrue(dsl.getMessage().contains("@SeparableConv2D strides 2 and dilationRate 2 cannot both be above 1"),
                dsl.getMessage());
    }

    @Test
    void theDilationRateTakesOneOrTwoPositiveSizes() {
        assertError(net(COMPILE, "@Conv2D(filters = 8, kernelSize = 3, dilationRate = 0, inputShape = {12, 12, 1}) "
                + "Layer conv();", "@Flatten Layer flat();", OUTPUT), "@Conv2D dilationRate must be positive, got 0",
                "dilationRate = 0");
        assertError(net(COMPILE, CONV, "@SeparableConv2D(filters = 4, kernelSize = 3, dilationRate = {1, 2, 3}) "
                + "Layer sep();", "@Flatten Layer flat();", OUTPUT), "@SeparableConv2D dilationRate takes one size "
                + "(square) or two (height, width), got 3: [1, 2, 3]", "dilationRate = {1, 2, 3}");
    }

    @Test
    void aDilatedKernelMustFitItsInput() {
        assertError(net(COMPILE, "@Conv2D(filters = 8, kernelSize = 4, inputShape = {12, 12, 1}) Layer conv();", "@Conv2D(filters = 4, kernelSize = 4, dilationRate = 3) Layer wide();",
                "@Flatten Layer flat();", OUTPUT), "wide: a 4×4 kernel dilated 3 (spanning 10×10) does not fit the "
                + "9×9 input from conv", "kernelSize = 4, dilationRate = 3");
        assertError(net(COMPILE, CONV, "@DepthwiseConv2D(kernelSize = 3, dilationRate = {5, 1}) Layer dw();",
                "@Flatten Layer flat();", OUTPUT), "dw: a 3×3 kernel dilated 5×1 (spanning 11×3) does not fit the "
                + "10×10 input from conv; use padding = SAME, a smaller kernel or dilationRate, or drop a pooling "
                + "layer", "dilationRate = {5, 1}");
    }

    @Test
    void transposedConvolutionsHaveKerasOutputSizesAndKernelLayout() {
        Sequential model = Sequential.build(m -> {
            m.conv2dTranspose(4, 3, t -> t.strides(2).padding(dev.fusenet.annotations.Padding.SAME)
                    .inputShape(5, 6, 2));
            m.conv2dTranspose(3, new int[] {3, 2}, t -> t.strides(2));
            m.conv2dTranspose(2, 1, t -> t.strides(3));
            m.flatten();
            m.dense(1);
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.MEAN_SQUARED_ERROR));
        });
        assertEquals(List.of(10, 12, 4), shape(model, 0), "SAME: in · stride");
        assertEquals(List.of(21, 24, 3), shape(model, 1), "VALID: in · stride + max(kernel - stride, 0)");
        assertEquals(List.of(63, 72, 2), shape(model, 2), "VALID with a kernel smaller than the stride: in · stride");
        assertEquals(List.of(List.of(3L, 3L, 4L, 2L), List.of(4L)), model.layers().get(0).weights().stream()
                .map(w -> java.util.Arrays.stream(w.shape()).boxed().toList()).toList(), "(kh, kw, filters, in)");
    }

    /** Each input pixel spreads its kernel over its window: overlapping windows add (strides 1), as Keras. */
    @Test
    void aTransposedConvolutionSpreadsEachPixelOverItsWindow() {
        Sequential model = Sequential.build(m -> {
            m.conv2dTranspose(1, 2, t -> t.useBias(false).inputShape(2, 2, 1));
            m.flatten();
            m.dense(9, d -> d.useBias(false));
            m.compile(c -> c.optimizer(Optimizer.SGD).loss(Loss.MEAN_SQUARED_ERROR));
        });
        float[] identity = new float[81];
        for (int i = 0; i < 9; i++) {
            identity[i * 9 + i] = 1;
        }
        dev.fusenet.runtime.Tensor kernel = dev.fusenet.runtime.Tensor.of(new float[] {1, 10, 100, 1000}, 2, 2, 1, 1);
        model.setWeights(List.of(kernel, dev.fusenet.runtime.Tensor.of(identity, 9, 9)));
        dev.fusenet.runtime.Tensor x = dev.fusenet.runtime.Tensor.of(new float[] {1, 2, 3, 4}, 1, 2, 2, 1);
        List<Float> expected = List.of(1f, 12f, 20f, 103f, 1234f, 2040f, 300f, 3400f, 4000f);
        assertEquals(expected, java.util.Arrays.stream(boxed(model.predict(x).toFloatArray())).toList(),
                "the layer: 1234 = 1·1000 + 2·100 + 3·10 + 4·1");
        assertEquals(expected, java.util.Arrays.stream(boxed(x.conv2dTranspose(kernel, new int[] {1},
                dev.fusenet.annotations.Padding.VALID).toFloatArray())).toList(), "the tape's op");
    }

    private static Float[] boxed(float[] values) {
        Float[] boxed = new Float[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }
}
