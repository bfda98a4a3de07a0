package dev.fusenet.runtime.compiled;

import dev.fusenet.runtime.Layer;
import dev.fusenet.runtime.io.AtomicFiles;
import dev.fusenet.runtime.io.Npy;
import dev.fusenet.runtime.optimizers.GradientOptimizer;
import dev.fusenet.runtime.tensor.Shapes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * A model's weights and optimizer state as an {@code .npz} archive that {@code numpy.load} reads: one float32
 * array per weight, named {@code <layer>/<weight>} ({@code conv1/kernel}, shaped as Keras stores it: (inputs,
 * units) for a dense layer, (kh, kw, in, out) for a convolution; {@code bn/moving_mean}), one per optimizer slot
 * of each trainable weight, {@code <layer>/<weight>/<slot>} ({@code conv1/kernel/momentum}),
 * {@code optimizer/iterations} (int64), {@code optimizer/learning_rate_scale} (float64, what callbacks multiplied
 * the learning rate by; 1 when a file lacks it), and for each {@link SeededLayer} {@code <layer>/seed} (int64),
 * the key its draws derive from. The entries come from the layers' declared {@link Weight}s alone, so every kind
 * saves the same way. Saving goes through {@link AtomicFiles} (a
 * crash leaves the previous file whole, and at most one {@code .part} file that the next save reuses); loading checks every entry against the architecture before it changes anything. Layers
 * match by name, or by position when the file names all of them otherwise, so that a file saved by one front end
 * (a compiled model, the runtime DSL) loads into the other when the architecture is the same.
 */
public final class Checkpoint {

    private static final String ITERATIONS = "optimizer/iterations";
    /** The optimizer's learning-rate scale (see GradientOptimizer); files written before it existed lack it. */
    private static final String LEARNING_RATE_SCALE = "optimizer/learning_rate_scale";

    /** The shape of the one-value entries: {@code (1,)}. */
    private static final long[] ONE = {1};

    private Checkpoint() {
    }

    public static void save(Path path, List<? extends Layer> layers, ParameterStore store,
                            GradientOptimizer optimizer) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (Target target : targets(layers, store, optimizer)) {
            entries.put(target.entry, target.values == null ? Npy.write(new long[] {target.seeded.key()}, ONE)
                    : Npy.write(target.values, target.shape));
        }
        entries.put(ITERATIONS, Npy.write(new long[] {optimizer.iterations()}, ONE));
        entries.put(LEARNING_RATE_SCALE, Npy.write(new double[] {optimizer.learningRateScale()}, ONE));
        AtomicFiles.write(path, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey() + ".npy"));
                zip.write(entry.getValue());
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
    public static void load(Path path, List<? extends Layer> layers, ParameterStore store,
                            GradientOptimizer optimizer) throws IOException {
        List<Target> targets = targets(layers, store, optimizer);
        Map<String, Npy.Array> entries = byPosition(read(path), ownerOrder(targets));
        Set<String> expected = new LinkedHashSet<>();
        for (Target target : targets) {
            expected.add(target.entry);
            Npy.Array found = entries.get(target.entry);
            if (found == null) {
                throw new IOException(path + ": no entry " + target.entry + "; the file was saved from another "
                        + "architecture or optimizer (it holds " + new TreeSet<>(entries.keySet()) + ")");
            }
            if (!Arrays.equals(found.shape(), target.shape)) {
                throw new IOException(path + ": entry " + target.entry + " has shape " + Shapes.format(found.shape())
                        + " but this model needs " + Shapes.format(target.shape) + "; the file was saved from "
                        + "another architecture");
            }
            if (target.values == null && found.kind() == Npy.Kind.FLOAT) {
                throw new IOException(path + ": entry " + target.entry + " is " + found.typeName() + ", but a layer's "
                        + "seed is an integer (int64)");
            }
        }
        TreeSet<String> extra = new TreeSet<>(entries.keySet());
        extra.removeAll(expected);
        extra.remove(ITERATIONS);
        extra.remove(LEARNING_RATE_SCALE);
        if (!extra.isEmpty()) {
            throw new IOException(path + ": entries " + extra + " belong to no layer of this model; the file was "
                    + "saved from another architecture");
        }
        // every check before the first write: a refused file leaves the model as it was
        long iterations = iterations(path, entries.get(ITERATIONS));
        double scale = learningRateScale(path, entries.get(LEARNING_RATE_SCALE));
        Set<Weight> changed = new LinkedHashSet<>();
        for (Target target : targets) {
            Npy.Array found = entries.get(target.entry);
            if (target.values == null) {
                target.seeded.setKey(found.getLong(0));
                continue;
            }
            float[] values = found.toFloats();
            System.arraycopy(values, 0, target.values, 0, target.values.length);
            changed.add(target.weight);
        }
        changed.forEach(Weight::changed);
        optimizer.setIterations(iterations);
        optimizer.setLearningRateScale(scale);
    }

    /** The optimizer's step count: one value, zero or more. */
    private static long iterations(Path path, Npy.Array entry) throws IOException {
        if (entry == null) {
            throw new IOException(path + ": no entry " + ITERATIONS);
        }
        if (entry.length() != 1) {
            throw new IOException(path + ": entry " + ITERATIONS + " holds " + entry.length() + " values, not the "
                    + "one step count");
        }
        if (entry.kind() == Npy.Kind.FLOAT) {
            throw new IOException(path + ": entry " + ITERATIONS + " is " + entry.typeName() + ", but a step count "
                    + "is an integer (int64)");
        }
        long step = entry.getLong(0);
        if (step < 0) {
            throw new IOException(path + ": entry " + ITERATIONS + " is " + step + ", but a step count is zero or "
                    + "more");
        }
        return step;
    }

    /** The learning-rate scale callbacks set: one positive, finite value; 1 for files written before it existed. */
    private static double learningRateScale(Path path, Npy.Array entry) throws IOException {
        if (entry == null) {
            return 1.0;
        }
        if (entry.length() != 1) {
            throw new IOException(path + ": entry " + LEARNING_RATE_SCALE + " holds " + entry.length() + " values, "
                    + "not one");
        }
        double scale = entry.getDouble(0);
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IOException(path + ": entry " + LEARNING_RATE_SCALE + " is " + scale + ", but the scale of the "
                    + "learning rate is positive and finite");
        }
        return scale;
    }

    /**
     * One entry of a checkpoint and the live buffer behind it: a weight's values or one of its optimizer slots
     * ({@code weight} set), or a seeded layer's key ({@code values} null).
     */
    private record Target(String entry, long[] shape, float[] values, Weight weight, SeededLayer seeded) {

        /** The layer the entry belongs to: the part before its first slash. */
        String owner() {
            return entry.substring(0, entry.indexOf('/'));
        }
    }

    /** Every entry this model's file holds besides the optimizer's, weights first and then the seeds. */
    private static List<Target> targets(List<? extends Layer> layers, ParameterStore store,
                                        GradientOptimizer optimizer) {
        List<Target> targets = new ArrayList<>();
        for (ParameterStore.Entry entry : store.all()) {
            Weight weight = entry.weight();
            String name = entry.layer() + "/" + weight.name();
            targets.add(new Target(name, weight.shape(), weight.values, weight, null));
            for (int s = 0; s < weight.slots.length; s++) {
                targets.add(new Target(name + "/" + optimizer.slotNames().get(s), weight.shape(), weight.slots[s],
                        weight, null));
            }
        }
        for (Layer layer : layers) {
            if (layer instanceof SeededLayer seeded) {
                targets.add(new Target(layer.name() + "/seed", new long[] {1}, null, null, seeded));
            }
        }
        return targets;
    }

    /** The layers the entries belong to, each once, in the entries' order. */
    private static List<String> ownerOrder(List<Target> targets) {
        return targets.stream().map(Target::owner).distinct().toList();
    }

    /**
     * The entries renamed to this model's layer names when the file names its layers otherwise but has as many
     * (a file saved by the runtime DSL, whose layers are called dense, dense_1, ..., read by a compiled model
     * whose methods are hidden and output): layers then match by position, and the shape checks decide whether
     * the architecture is the same. Otherwise the entries as they are.
     */
    private static Map<String, Npy.Array> byPosition(Map<String, Npy.Array> entries, List<String> ours) {
        List<String> theirs = new ArrayList<>();
        for (String entry : entries.keySet()) {
            String layer = entry.substring(0, Math.max(entry.indexOf('/'), 0));
            if (!isOptimizerEntry(entry) && !layer.isEmpty() && !theirs.contains(layer)) {
                theirs.add(layer);
            }
        }
        if (theirs.equals(ours) || theirs.size() != ours.size()) {
            return entries;
        }
        Map<String, Npy.Array> renamed = new LinkedHashMap<>();
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

    /**
     * Every entry of the archive, each header and length checked in Java ({@link Npy}) before its values are used:
     * no byte of the file reaches native code.
     */
    private static Map<String, Npy.Array> read(Path path) throws IOException {
        Map<String, Npy.Array> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> all = zip.entries();
            while (all.hasMoreElements()) {
                ZipEntry entry = all.nextElement();
                String name = entry.getName().endsWith(".npy")
                        ? entry.getName().substring(0, entry.getName().length() - 4) : entry.getName();
                byte[] bytes = zip.getInputStream(entry).readAllBytes();
                try {
                    entries.put(name, Npy.read(bytes));
                } catch (IOException e) {
                    throw new IOException(path + ": entry " + name + ": " + e.getMessage(), e);
                }
            }
        } catch (java.util.zip.ZipException e) {
            throw new IOException(path + ": not an .npz archive saved by fusenet: " + e.getMessage(), e);
        }
        return entries;
    }
}
