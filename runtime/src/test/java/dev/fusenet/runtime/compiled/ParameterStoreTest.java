package dev.fusenet.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.OptimizerState;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.optimizers.Adam;
import dev.fusenet.runtime.optimizers.GradientOptimizer;
import dev.fusenet.runtime.optimizers.SGD;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parameter store serves every kind from the weights it declares: a layer with a non-trainable weight beside
 * trainable ones (the shape of batch normalization's gamma, beta, moving_mean, moving_variance) is saved, loaded,
 * listed, counted and updated with no code that knows the kind.
 */
class ParameterStoreTest {

    /** A kind that declares two trainable weights and two non-trainable ones, as batch normalization does. */
    private static final class Normalizing implements Layer {
        final List<Weight> weights = List.of(new Weight("gamma", new long[] {3}, true),
                new Weight("beta", new long[] {3}, true), new Weight("moving_mean", new long[] {3}, false),
                new Weight("moving_variance", new long[] {3}, false));
        final String name;

        Normalizing(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String type() {
            return "BatchNormalization";
        }

        @Override
        public long[] outputShape() {
            return new long[] {3};
        }

        @Override
        public List<Weight> weights() {
            return weights;
        }
    }

    /** A kind with a kernel whose copy elsewhere must follow every change. */
    private static final class Copying implements Layer {
        int refreshes;
        final List<Weight> weights = List.of(new Weight("kernel", new long[] {2, 3}, true, () -> refreshes++));

        @Override
        public String name() {
            return "dense";
        }

        @Override
        public String type() {
            return "Dense";
        }

        @Override
        public long[] outputShape() {
            return new long[] {3};
        }

        @Override
        public List<Weight> weights() {
            return weights;
        }
    }

    private static List<Tensor> numbered(ParameterStore store, float start) {
        List<Tensor> values = new ArrayList<>();
        float next = start;
        for (ParameterStore.Entry entry : store.all()) {
            float[] v = new float[entry.weight().size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = next++;
            }
            values.add(Tensor.of(v, entry.weight().shape()));
        }
        return values;
    }

    @Test
    void getWeightsListsEveryWeightLayerByLayerAndGradientsOnlyTheTrainableOnes() {
        Copying dense = new Copying();
        Normalizing bn = new Normalizing("bn");
        ParameterStore store = new ParameterStore("m", List.of(dense, bn), new Adam());
        assertEquals(List.of("dense.kernel", "bn.gamma", "bn.beta", "bn.moving_mean", "bn.moving_variance"),
                store.all().stream().map(ParameterStore.Entry::qualifiedName).toList());
        assertEquals(List.of("dense.kernel", "bn.gamma", "bn.beta"),
                store.trainable().stream().map(ParameterStore.Entry::qualifiedName).toList());
        assertEquals(3, store.gradients().size());
        assertEquals(3 * new Adam().slotNames().size(), store.optimizerState(new Adam()).slots().size(),
                "slots for the three trainable weights only");
        assertEquals(18, dense.parameterCount() + bn.parameterCount());
        assertEquals(6, bn.trainableParameterCount());
        assertThrows(IllegalStateException.class, () -> bn.weights.get(2).gradient());
    }

    @Test
    void theSummaryCountsNonTrainableParametersAsKerasDoes() {
        String summary = ModelSummary.format("m", List.of(new Copying(), new Normalizing("bn")));
        assertTrue(summary.contains(" Total params: 18 (72.00 B)"), summary);
        assertTrue(summary.contains(" Trainable params: 12 (48.00 B)"), summary);
        assertTrue(summary.contains(" Non-trainable params: 6 (24.00 B)"), summary);
        assertTrue(summary.matches("(?s).*bn \\(BatchNormalization\\) +│ \\(None, 3\\) +│ +12 │.*"), summary);
    }

    @Test
    void setWeightsChecksEveryShapeBeforeWritingAnyAndTellsTheOwner() {
        Copying dense = new Copying();
        Normalizing bn = new Normalizing("bn");
        ParameterStore store = new ParameterStore("m", List.of(dense, bn), new SGD());
        List<Tensor> good = numbered(store, 1);
        store.setValues(good);
        assertEquals(1, dense.refreshes);
        List<Tensor> bad = new ArrayList<>(numbered(store, 100));
        bad.set(4, Tensor.of(new float[4], 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.setValues(bad));
        assertEquals("setWeights: weight 4 (bn.moving_variance) must have shape [3], not [4]", e.getMessage());
        for (int i = 0; i < good.size(); i++) {
            assertArrayEquals(good.get(i).toFloatArray(), store.values().get(i).toFloatArray(), "unchanged " + i);
        }
        assertEquals(1, dense.refreshes);
    }

    @Test
    void applyGradientsTakesOneGradientPerTrainableWeightAndNeverTouchesTheOthers() {
        Normalizing bn = new Normalizing("bn");
        GradientOptimizer sgd = new SGD(0.5);
        ParameterStore store = new ParameterStore("m", List.of(bn), sgd);
        store.setValues(numbered(store, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> store.applyGradients(sgd, store.values()));
        assertTrue(e.getMessage().startsWith("applyGradients: model m has 2 trainable weights (bn.gamma, bn.beta), "
                + "but 4 were given"), e.getMessage());
        store.applyGradients(sgd, List.of(Tensor.of(new float[] {2, 2, 2}, 3), Tensor.of(new float[] {4, 4, 4}, 3)));
        List<Tensor> after = store.values();
        assertArrayEquals(new float[] {0, 1, 2}, after.get(0).toFloatArray());
        assertArrayEquals(new float[] {2, 3, 4}, after.get(1).toFloatArray());
        assertArrayEquals(new float[] {7, 8, 9}, after.get(2).toFloatArray(), "moving_mean untouched");
        assertArrayEquals(new float[] {10, 11, 12}, after.get(3).toFloatArray(), "moving_variance untouched");
        assertEquals(1, sgd.iterations());
    }

    @Test
    void thePartsOfAnUpdateCoverEveryValueOnceForEveryShape() {
        for (long[] shape : List.of(new long[] {1}, new long[] {5}, new long[] {1, 7}, new long[] {3, 1},
                new long[] {3, 3, 2, 4})) {
            Weight weight = new Weight("w", shape, true);
            GradientOptimizer sgd = new SGD(1.0);
            weight.attach(sgd);
            java.util.Arrays.fill(weight.gradient, 1f);
            sgd.beginStep();
            for (int part = 0; part < Shards.COUNT; part++) {
                weight.update(sgd, part);
            }
            sgd.endStep();
            for (float v : weight.values) {
                assertEquals(-1f, v, java.util.Arrays.toString(shape));
            }
        }
    }

    @Test
    void snapshotAndRestoreCoverNonTrainableWeightsAndSlots() {
        Normalizing bn = new Normalizing("bn");
        GradientOptimizer adam = new Adam();
        ParameterStore store = new ParameterStore("m", List.of(bn), adam);
        store.setValues(numbered(store, 1));
        Object snapshot = store.snapshot();
        List<Tensor> before = store.values();
        store.setValues(numbered(store, 50));
        store.applyGradients(adam, List.of(Tensor.of(new float[] {1, 1, 1}, 3), Tensor.of(new float[] {1, 1, 1}, 3)));
        store.restore(snapshot);
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i).toFloatArray(), store.values().get(i).toFloatArray());
        }
        for (Tensor slot : store.optimizerState(adam).slots()) {
            assertArrayEquals(new float[3], slot.toFloatArray(), "slots restored to zero");
        }
    }

    @Test
    void checkpointsHoldNonTrainableWeightsWithoutSlotsAndRefuseAFileMissingOne(@TempDir Path dir)
            throws IOException {
        Normalizing bn = new Normalizing("bn");
        GradientOptimizer adam = new Adam();
        ParameterStore store = new ParameterStore("m", List.of(bn), adam);
        store.setValues(numbered(store, 1));
        store.setOptimizerState(adam, new OptimizerState(7, store.optimizerState(adam).slots()));
        Path file = dir.resolve("bn.npz");
        Checkpoint.save(file, List.of(bn), store, adam);
        List<String> entries = new ArrayList<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            zip.stream().forEach(entry -> entries.add(entry.getName()));
        }
        java.util.Set<String> expected = new java.util.TreeSet<>(List.of("bn/gamma.npy", "bn/beta.npy",
                "bn/moving_mean.npy", "bn/moving_variance.npy", "optimizer/iterations.npy",
                "optimizer/learning_rate_scale.npy"));
        for (String slot : adam.slotNames()) {
            expected.add("bn/gamma/" + slot + ".npy");
            expected.add("bn/beta/" + slot + ".npy");
        }
        assertEquals(expected, new java.util.TreeSet<>(entries), "no slots for the moving statistics");

        Normalizing other = new Normalizing("bn");
        GradientOptimizer fresh = new Adam();
        ParameterStore into = new ParameterStore("m", List.of(other), fresh);
        Checkpoint.load(file, List.of(other), into, fresh);
        assertEquals(7, fresh.iterations());
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(store.values().get(i).toFloatArray(), into.values().get(i).toFloatArray());
        }

        Path partial = dir.resolve("partial.npz");
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(partial));
             ZipFile zip = new ZipFile(file.toFile())) {
            for (var entry : java.util.Collections.list(zip.entries())) {
                if (!entry.getName().equals("bn/moving_variance.npy")) {
                    out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                    out.write(zip.getInputStream(entry).readAllBytes());
                    out.closeEntry();
                }
            }
        }
        Normalizing third = new Normalizing("bn");
        ParameterStore untouched = new ParameterStore("m", List.of(third), new Adam());
        IOException e = assertThrows(IOException.class,
                () -> Checkpoint.load(partial, List.of(third), untouched, new Adam()));
        assertTrue(e.getMessage().contains("no entry bn/moving_variance"), e.getMessage());
        for (Tensor value : untouched.values()) {
            assertArrayEquals(new float[3], value.toFloatArray(), "nothing written on a refused load");
        }
    }
}
