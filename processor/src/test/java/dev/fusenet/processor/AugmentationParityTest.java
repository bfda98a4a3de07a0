package dev.fusenet.processor;

import static com.google.testing.compile.CompilationSubject.assertThat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.testing.compile.Compilation;
import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.FillMode;
import dev.fusenet.annotations.FlipMode;
import dev.fusenet.annotations.Interpolation;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.annotations.Padding;
import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Evaluation;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.dsl.Functional;
import dev.fusenet.runtime.dsl.Node;
import dev.fusenet.runtime.dsl.Sequential;
import dev.fusenet.runtime.training.History;
import dev.fusenet.runtime.training.Verbosity;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The six augmentation layers in a model, in both front ends: the DSL model and the class the processor generates
 * from its {@code javaSource} transform each batch alike and train to bitwise the same weights; the transforms do
 * change training (the same weights trained without them end elsewhere); at inference they are the identity (the
 * same weights without them predict and evaluate the same bits); a run resumed from a checkpoint draws what the
 * uninterrupted run drew.
 */
class AugmentationParityTest {

    private static final int ROWS = 12;
    private static final int SIDE = 8;
    private static final int CLASSES = 3;

    /** Every kind, with non-default options where a kind has them, before a small convnet. */
    private static Sequential augmented(long seed) {
        return Sequential.build(m -> {
            m.seed(seed);
            m.randomFlip(FlipMode.HORIZONTAL_AND_VERTICAL, f -> f.inputShape(SIDE, SIDE, 2));
            m.randomRotation(new double[] {-0.1, 0.2}, r -> r.fillMode(FillMode.CONSTANT).fillValue(0.5));
            m.randomZoom(new double[] {-0.2, 0.3}, z -> z.widthFactor(-0.1, 0.1).fillMode(FillMode.NEAREST));
            m.randomTranslation(new double[] {0.1}, new double[] {-0.2, 0.1},
                    t -> t.fillMode(FillMode.WRAP).interpolation(Interpolation.NEAREST));
            m.randomContrast(0.3);
            m.randomBrightness(new double[] {0.2}, b -> b.valueRange(0, 1));
            convnet(m);
        });
    }

    /** The same convnet without the augmentation. */
    private static Sequential plain(long seed) {
        return Sequential.build(m -> {
            m.seed(seed);
            m.conv2d(4, 3, c -> c.activation(Activation.RELU).inputShape(SIDE, SIDE, 2).name("conv"));
            m.maxPooling2d(2);
            m.flatten();
            m.dense(CLASSES, d -> d.activation(Activation.SOFTMAX).name("out"));
            m.compile(AugmentationParityTest::compile);
        });
    }

    private static void convnet(dev.fusenet.runtime.dsl.SequentialBuilder m) {
        m.conv2d(4, 3, c -> c.activation(Activation.RELU).name("conv"));
        m.maxPooling2d(2);
        m.flatten();
        m.dense(CLASSES, d -> d.activation(Activation.SOFTMAX).name("out"));
        m.compile(AugmentationParityTest::compile);
    }

    private static void compile(dev.fusenet.runtime.dsl.CompileBuilder c) {
        c.optimizer(Optimizer.ADAM).loss(Loss.SPARSE_CATEGORICAL_CROSSENTROPY).learningRate(0.01)
                .metrics(Metric.ACCURACY);
    }

    /** Images in [0, 1], the brightness layer's value range. */
    private static Tensor images() {
        return Tensor.randomUniform(new long[] {ROWS, SIDE, SIDE, 2}, 0, 1, DType.FLOAT32, 11);
    }

    private static Tensor labels() {
        float[] labels = new float[ROWS];
        for (int r = 0; r < ROWS; r++) {
            labels[r] = r % CLASSES;
        }
        return Tensor.of(labels, ROWS);
    }

    private static final Consumer<dev.fusenet.runtime.FitOptions> THREE_EPOCHS =
            o -> o.epochs(3).batchSize(4).verbosity(Verbosity.SILENT);

    @Test
    void theGeneratedClassAugmentsAsTheDslBitForBit() {
        Sequential dsl = augmented(21);
        Compilation compilation = Models.compile("augment.Augmented", dsl.javaSource("augment", "Augmented"));
        assertThat(compilation).succeededWithoutWarnings();
        Model compiled = Models.instantiate(compilation, "augment.CompiledAugmented", dsl.seed());
        assertWeightsEqual(dsl.getWeights(), compiled.getWeights(), "initial weights");

        History dslHistory = dsl.fit(images(), labels(), THREE_EPOCHS);
        History compiledHistory = compiled.fit(images(), labels(), THREE_EPOCHS);
        for (String key : dslHistory.keys()) {
            assertEquals(compiledHistory.get(key), dslHistory.get(key), key);
        }
        assertWeightsEqual(dsl.getWeights(), compiled.getWeights(), "after 9 steps");
        assertArrayEquals(compiled.predict(images()).toFloatArray(), dsl.predict(images()).toFloatArray());
    }

    @Test
    void augmentationChangesTrainingButNotInference() {
        Sequential augmented = augmented(5);
        Sequential plain = plain(99);
        plain.setWeights(augmented.getWeights());
        assertArrayEquals(plain.predict(images()).toFloatArray(), augmented.predict(images()).toFloatArray(),
                "before training");

        augmented.fit(images(), labels(), THREE_EPOCHS);
        plain.fit(images(), labels(), THREE_EPOCHS.andThen(o -> o.seed(augmentedShuffleSeed())));
        assertFalse(Arrays.equals(plain.getWeights().get(0).toFloatArray(),
                augmented.getWeights().get(0).toFloatArray()), "the augmented images trained differently");

        plain.setWeights(augmented.getWeights());
        assertArrayEquals(plain.predict(images()).toFloatArray(), augmented.predict(images()).toFloatArray(),
                "predict passes images through the augmentation");
        Evaluation expected = plain.evaluate(images(), labels());
        Evaluation actual = augmented.evaluate(images(), labels());
        assertEquals(expected.loss(), actual.loss(), 0, "evaluate passes images through the augmentation");
    }

    /** Any fixed shuffle: the point is the images, not the order. */
    private static long augmentedShuffleSeed() {
        return 3;
    }

    @Test
    void aResumedRunDrawsWhatTheUninterruptedRunDrew(@TempDir Path folder) throws IOException {
        Consumer<dev.fusenet.runtime.FitOptions> oneEpochInOrder =
                o -> o.epochs(1).batchSize(4).shuffle(false).verbosity(Verbosity.SILENT);
        Sequential uninterrupted = augmented(8);
        uninterrupted.fit(images(), labels(), oneEpochInOrder);
        uninterrupted.fit(images(), labels(), oneEpochInOrder);

        Sequential first = augmented(8);
        first.fit(images(), labels(), oneEpochInOrder);
        Path file = folder.resolve("half.npz");
        first.save(file);
        Sequential resumed = augmented(1234);   // other keys until the file's are loaded
        resumed.load(file);
        resumed.fit(images(), labels(), oneEpochInOrder);
        assertWeightsEqual(uninterrupted.getWeights(), resumed.getWeights(), "resumed after one epoch");
    }

    @Test
    void aFunctionalGraphAugmentsAsItsGeneratedClass() {
        Functional dsl = Functional.build(g -> {
            g.seed(17);
            Node image = g.input("image", SIDE, SIDE, 2);
            Node flipped = g.randomFlip(image, FlipMode.HORIZONTAL);
            Node turned = g.randomRotation(flipped, 0.25);
            Node conv = g.conv2d(turned, 2, 3, c -> c.padding(Padding.SAME).activation(Activation.RELU));
            Node sum = g.add(conv, turned);   // the augmented images feed two layers
            Node pooled = g.globalAveragePooling2d(sum);
            g.output(g.dense(pooled, CLASSES, d -> d.activation(Activation.SOFTMAX)));
            g.compile(AugmentationParityTest::compile);
        });
        Compilation compilation = Models.compile("augment.Branches", dsl.javaSource("augment", "Branches"));
        assertThat(compilation).succeededWithoutWarnings();
        Model compiled = Models.instantiate(compilation, "augment.CompiledBranches", dsl.seed());
        dsl.fit(images(), labels(), THREE_EPOCHS);
        compiled.fit(images(), labels(), THREE_EPOCHS);
        assertWeightsEqual(dsl.getWeights(), compiled.getWeights(), "after 9 steps");
        String source = Models.generatedSource(compilation, "augment.CompiledBranches");
        assertTrue(source.contains("forwardTraining("), "the generated step draws while training");
        assertTrue(source.contains("forwardInference("), "and passes images through at inference");
    }

    private static void assertWeightsEqual(List<Tensor> expected, List<Tensor> actual, String when) {
        assertEquals(expected.size(), actual.size(), when);
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).toFloatArray(), actual.get(i).toFloatArray(), when + ": weight " + i);
        }
    }
}
