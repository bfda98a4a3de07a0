package dev.fusenet.runtime.compiled;

import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.io.AtomicFiles;
import dev.fusenet.runtime.optimizers.GradientOptimizer;
import dev.fusenet.runtime.tensor.Shapes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A model's weights and optimizer state as an {@code .npz} archive that {@code numpy.load} reads: one float32
 * array per entry, named {@code <layer>/kernel} (shaped as Keras stores it: (inputs, units) for a dense layer, (kh, kw, in, out)
 * for a convolution), {@code <layer>/bias}, {@code <layer>/kernel/<slot>},
 * {@code <layer>/bias/<slot>}, {@code optimizer/iterations} (int64), {@code optimizer/learning_rate_scale} (float64,
 * what callbacks multiplied the learning rate by; 1 when a file lacks it), and for each dropout layer
 * {@code <layer>/seed} (int64), the key its masks are drawn from. Saving goes through {@link AtomicFiles} (a
 * crash leaves the previous file whole, and at most one {@code .part} file that the next save reuses); loading checks every entry against the architecture before it changes anything. Layers
 * match by name, or by position when the file names all of them otherwise, so that a file saved by one front end
 * (a compiled model, the runtime DSL) loads into the other when the architecture is the same.
 */
public final class Checkpoint {

    private static final String ITERATIONS = "optimizer/iterations";
    /** The optimizer's learning-rate scale (see GradientOptimizer); files written before it existed lack it. */
    private static final String LEARNING_RATE_SCALE = "optimizer/learning_rate_scale";

    private Checkpoint() {
    }

    public static void save(Path path, java.util.List<? extends Layer> allLayers, GradientOptimizer optimizer)
            throws IOException {
        Map<String, INDArray> entries = new LinkedHashMap<>();
        for (WeightedLayer layer : weighted(allLayers)) {
            expected(layer, optimizer).forEach((name, shape) -> entries.put(name,
                    Nd4j.create(buffer(layer, name, optimizer), shape, 'c')));
        }
        for (DropoutLayer layer : dropout(allLayers)) {
            entries.put(seedEntry(layer), Nd4j.createFromArray(new long[] {layer.key()}));
        }
        entries.put(ITERATIONS, Nd4j.createFromArray(new long[] {optimizer.iterations()}));
        entries.put(LEARNING_RATE_SCALE, Nd4j.createFromArray(new double[] {optimizer.learningRateScale()}));
        AtomicFiles.write(path, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, INDArray> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey() + ".npy"));
                // ND4J writes an 'f'-ordered buffer under a C-order header; a 'c' copy keeps numpy right.
                zip.write(Nd4j.toNpyByteArray(entry.getValue().dup('c')));
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    /**
     * Restores what {@link #save} wrote.
     *
     * @throws IOException naming the entry that is missing, extra or of the wrong shape; nothing is changed then
     */
    public static void load(Path path, java.util.List<? extends Layer> allLayers, GradientOptimizer optimizer)
            throws IOException {
        java.util.List<WeightedLayer> layers = weighted(allLayers);
        Map<String, INDArray> entries = byPosition(read(path), allLayers);
        Map<String, long[]> expected = new LinkedHashMap<>();
        for (WeightedLayer layer : layers) {
            expected.putAll(expected(layer, optimizer));
        }
        for (DropoutLayer layer : dropout(allLayers)) {
            expected.put(seedEntry(layer), new long[] {1});
        }
        for (Map.Entry<String, long[]> entry : expected.entrySet()) {
            INDArray found = entries.get(entry.getKey());
            if (found == null) {
                throw new IOException(path + ": no entry " + entry.getKey() + "; the file was saved from another "
                        + "architecture or optimizer (it holds " + new TreeSet<>(entries.keySet()) + ")");
            }
            if (!Arrays.equals(found.shape(), entry.getValue())) {
                throw new IOException(path + ": entry " + entry.getKey() + " has shape " + Shapes.format(found.shape())
                        + " but this model needs " + Shapes.format(entry.getValue()) + "; the file was saved from "
                        + "another architecture");
            }
        }
        TreeSet<String> extra = new TreeSet<>(entries.keySet());
        extra.removeAll(expected.keySet());
        extra.remove(ITERATIONS);
        extra.remove(LEARNING_RATE_SCALE);
        if (!extra.isEmpty()) {
            throw new IOException(path + ": entries " + extra + " belong to no layer of this model; the file was "
                    + "saved from another architecture");
        }
        INDArray iterations = entries.get(ITERATIONS);
        if (iterations == null) {
            throw new IOException(path + ": no entry " + ITERATIONS);
        }
        for (WeightedLayer layer : layers) {
            for (String name : expected(layer, optimizer).keySet()) {
                float[] values = entries.get(name).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)
                        .reshape('c', new long[] {entries.get(name).length()}).toFloatVector();
                float[] into = buffer(layer, name, optimizer);
                System.arraycopy(values, 0, into, 0, into.length);
            }
            layer.pushKernel();
        }
        for (DropoutLayer layer : dropout(allLayers)) {
            layer.setKey(entries.get(seedEntry(layer)).getLong(0));
        }
        optimizer.setIterations(iterations.getLong(0));
        INDArray scale = entries.get(LEARNING_RATE_SCALE);
        optimizer.setLearningRateScale(scale == null ? 1.0 : scale.getDouble(0));
    }

    /**
     * The entries renamed to this model's layer names when the file names its layers otherwise but has as many
     * (a file saved by the runtime DSL, whose layers are called dense, dense_1, ..., read by a compiled model
     * whose methods are hidden and output): layers then match by position, and the shape checks decide whether
     * the architecture is the same. Otherwise the entries as they are.
     */
    private static Map<String, INDArray> byPosition(Map<String, INDArray> entries,
                                                    java.util.List<? extends Layer> allLayers) {
        java.util.List<String> ours = new java.util.ArrayList<>();
        weighted(allLayers).forEach(layer -> ours.add(layer.name()));
        dropout(allLayers).forEach(layer -> ours.add(layer.name()));
        java.util.List<String> theirs = new java.util.ArrayList<>();
        for (String entry : entries.keySet()) {
            String layer = entry.substring(0, Math.max(entry.indexOf('/'), 0));
            if (!isOptimizerEntry(entry) && !layer.isEmpty() && !theirs.contains(layer)) {
                theirs.add(layer);
            }
        }
        if (theirs.equals(ours) || theirs.size() != ours.size()) {
            return entries;
        }
        Map<String, INDArray> renamed = new LinkedHashMap<>();
        entries.forEach((entry, value) -> {
            int slash = entry.indexOf('/');
            int position = isOptimizerEntry(entry) || slash < 0 ? -1 : theirs.indexOf(entry.substring(0, slash));
            renamed.put(position < 0 ? entry : ours.get(position) + entry.substring(slash), value);
        });
        return renamed;
    }

    private static boolean isOptimizerEntry(String entry) {
        return entry.equals(ITERATIONS) || entry.equals(LEARNING_RATE_SCALE);
    }

    private static String seedEntry(DropoutLayer layer) {
        return layer.name() + "/seed";
    }

    private static java.util.List<WeightedLayer> weighted(java.util.List<? extends Layer> layers) {
        return layers.stream().filter(WeightedLayer.class::isInstance).map(WeightedLayer.class::cast).toList();
    }

    private static java.util.List<DropoutLayer> dropout(java.util.List<? extends Layer> layers) {
        return layers.stream().filter(DropoutLayer.class::isInstance).map(DropoutLayer.class::cast).toList();
    }

    private static Map<String, long[]> expected(WeightedLayer layer, GradientOptimizer optimizer) {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        long[] kernel = layer.kernelShape();
        long[] bias = {layer.units()};
        shapes.put(layer.name() + "/kernel", kernel);
        if (layer.useBias()) {
            shapes.put(layer.name() + "/bias", bias);
        }
        for (String slot : optimizer.slotNames()) {
            shapes.put(layer.name() + "/kernel/" + slot, kernel);
            if (layer.useBias()) {
                shapes.put(layer.name() + "/bias/" + slot, bias);
            }
        }
        return shapes;
    }

    /** The live buffer behind an entry name. */
    private static float[] buffer(WeightedLayer layer, String name, GradientOptimizer optimizer) {
        String local = name.substring(layer.name().length() + 1);
        if (local.equals("kernel")) {
            return layer.kernel;
        }
        if (local.equals("bias")) {
            return layer.bias;
        }
        String[] parts = local.split("/", 2);
        int slot = optimizer.slotNames().indexOf(parts[1]);
        return parts[0].equals("kernel") ? layer.kernelSlots[slot] : layer.biasSlots[slot];
    }

    private static Map<String, INDArray> read(Path path) throws IOException {
        Map<String, INDArray> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                String name = entry.getName().endsWith(".npy")
                        ? entry.getName().substring(0, entry.getName().length() - 4) : entry.getName();
                byte[] bytes = zip.getInputStream(entry).readAllBytes();
                entries.put(name, Nd4j.createNpyFromByteArray(bytes));
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(path + ": not an .npz archive saved by fusenet: " + e.getMessage(), e);
        }
        return entries;
    }
}
