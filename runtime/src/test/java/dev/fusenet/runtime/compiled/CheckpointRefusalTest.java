package dev.fusenet.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.DType;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.dsl.Sequential;
import dev.fusenet.runtime.training.Verbosity;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint whose optimizer state makes no sense is refused with the file and the entry named, and the model is
 * left as it was: every check runs before the first weight is written (before, the weights were replaced and then
 * the optimizer refused the step count, moving predictions by up to 0.4). Entries that are not arrays of numbers or
 * whose data does not match their header are refused the same way, read in Java before native code sees a byte;
 * what numpy writes with a clear meaning (other byte and memory orders, other number types, compression) loads.
 */
class CheckpointRefusalTest {

    @TempDir
    Path folder;

    private static Model model(long seed) {
        return Sequential.build(m -> {
            m.seed(seed);
            m.dense(4, d -> d.inputShape(3));
            m.dense(2);
            m.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.MEAN_SQUARED_ERROR));
        });
    }

    /** A numpy .npy of {@code count} copies of one value: {@code descr} '<i8' or '<f8'. */
    private static byte[] npy(String descr, long bits, int count) {
        ByteBuffer data = ByteBuffer.allocate(8 * count).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            data.putLong(bits);
        }
        return npy(descr, false, "(" + count + ",)", data.array());
    }

    /** A numpy .npy as numpy writes it (version 1.0, the header padded to 64 bytes) around {@code data}. */
    private static byte[] npy(String descr, boolean fortranOrder, String shape, byte[] data) {
        String header = "{'descr': '" + descr + "', 'fortran_order': " + (fortranOrder ? "True" : "False")
                + ", 'shape': " + shape + ", }";
        int total = 10 + header.length() + 1;
        int padded = (total + 63) / 64 * 64;
        header = header + " ".repeat(padded - total) + "\n";
        ByteBuffer buffer = ByteBuffer.allocate(10 + header.length() + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buffer.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII)).put(data);
        return buffer.array();
    }

    /** A copy of the archive at {@code from} with entry {@code name} replaced by {@code content}. */
    private Path withEntry(Path from, String name, byte[] content) throws IOException {
        Path to = folder.resolve(name.replace('/', '_') + "-" + content.length + ".npz");
        try (InputStream in = Files.newInputStream(from); ZipInputStream zip = new ZipInputStream(in);
             OutputStream out = Files.newOutputStream(to); ZipOutputStream copy = new ZipOutputStream(out)) {
            boolean replaced = false;
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                copy.putNextEntry(new ZipEntry(entry.getName()));
                if (entry.getName().equals(name + ".npy")) {
                    copy.write(content);
                    replaced = true;
                } else {
                    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                    zip.transferTo(bytes);
                    copy.write(bytes.toByteArray());
                }
                copy.closeEntry();
            }
            assertTrue(replaced, "the archive holds " + name);
        }
        return to;
    }

    @Test
    void badOptimizerStateIsRefusedBeforeAnyWeightChanges() throws IOException {
        Model trained = model(1);
        Tensor x = Tensor.randomNormal(new long[] {16, 3}, 0, 1, DType.FLOAT32, 2);
        Tensor y = Tensor.randomNormal(new long[] {16, 2}, 0, 1, DType.FLOAT32, 3);
        trained.fit(x, y, o -> o.epochs(2).batchSize(4).verbosity(Verbosity.SILENT));
        Path saved = folder.resolve("trained.npz");
        trained.save(saved);

        record Case(String entry, byte[] content, String message) {
        }
        List<Case> cases = List.of(
                new Case("optimizer/iterations", npy("<i8", -1, 1), "entry optimizer/iterations is -1, but a step "
                        + "count is zero or more"),
                new Case("optimizer/learning_rate_scale", npy("<f8", Double.doubleToLongBits(0.0), 1),
                        "entry optimizer/learning_rate_scale is 0.0, but the scale of the learning rate is positive "
                                + "and finite"),
                // Each of these crashed the JVM or loaded junk when ND4J's native parser read the entries.
                new Case("optimizer/iterations", npy("<i8", 0, 0), "entry optimizer/iterations holds 0 values, not "
                        + "the one step count"),
                new Case("optimizer/iterations", npy("<U12", false, "()", new byte[48]), "entry "
                        + "optimizer/iterations: the array holds text ('<U12'), not numbers"),
                new Case("dense/kernel", npy("|O", false, "()", new byte[16]), "entry dense/kernel: the array holds "
                        + "Python objects (a pickle), not numbers; fusenet never reads pickles"),
                new Case("dense/kernel", npy("<f4", false, "(3, 4)", new byte[40]), "entry dense/kernel: the data "
                        + "is cut short: 40 bytes where shape (3, 4) of <f4 needs 48"),
                new Case("dense/kernel", npy("<f4", false, "(3, 4)", new byte[52]), "entry dense/kernel: the data "
                        + "has 4 bytes more than shape (3, 4) of <f4 holds"),
                new Case("optimizer/iterations", npy("<f8", Double.doubleToLongBits(3.0), 1), "entry "
                        + "optimizer/iterations is float64, but a step count is an integer (int64)"));
        for (Case c : cases) {
            Path bad = withEntry(saved, c.entry(), c.content());
            Model fresh = model(9);
            float[] before = fresh.predict(x).toFloatArray();
            long steps = fresh.optimizer().iterations();
            IOException error = assertThrows(IOException.class, () -> fresh.load(bad), c.message());
            assertEquals(bad + ": " + c.message(), error.getMessage());
            assertArrayEquals(before, fresh.predict(x).toFloatArray(), c.entry() + ": the weights are unchanged");
            assertEquals(steps, fresh.optimizer().iterations());
        }
    }

    /**
     * What numpy writes with a clear meaning loads as its values: a kernel saved Fortran-ordered (what PyTorch's
     * {@code weight.T} gives), big-endian float64 weights, an int32 step count.
     */
    @Test
    void numpysOtherLayoutsLoadAsTheirValues() throws IOException {
        Model trained = model(1);
        Tensor x = Tensor.randomNormal(new long[] {16, 3}, 0, 1, DType.FLOAT32, 2);
        trained.fit(x, Tensor.randomNormal(new long[] {16, 2}, 0, 1, DType.FLOAT32, 3),
                o -> o.epochs(1).batchSize(4).verbosity(Verbosity.SILENT));
        Path saved = folder.resolve("trained.npz");
        trained.save(saved);
        float[] kernel = trained.getWeights().get(0).toFloatArray();   // (3, 4), row-major

        ByteBuffer columnMajor = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        for (int j = 0; j < 4; j++) {
            for (int i = 0; i < 3; i++) {
                columnMajor.putFloat(kernel[i * 4 + j]);
            }
        }
        ByteBuffer bigEndian = ByteBuffer.allocate(96).order(ByteOrder.BIG_ENDIAN);
        for (float v : kernel) {
            bigEndian.putDouble(v);
        }
        ByteBuffer int32 = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(4);
        List<Path> files = List.of(withEntry(saved, "dense/kernel", npy("<f4", true, "(3, 4)", columnMajor.array())),
                withEntry(saved, "dense/kernel", npy(">f8", false, "(3, 4)", bigEndian.array())),
                withEntry(saved, "optimizer/iterations", npy("<i4", false, "(1,)", int32.array())));
        for (Path file : files) {
            Model fresh = model(9);
            fresh.load(file);
            assertArrayEquals(kernel, fresh.getWeights().get(0).toFloatArray(), file.getFileName().toString());
            assertArrayEquals(trained.predict(x).toFloatArray(), fresh.predict(x).toFloatArray());
            assertEquals(4, fresh.optimizer().iterations());
        }
    }

    /**
     * numpy itself reads what fusenet saves (float32 weights, int64 step count and seeds) and writes what fusenet
     * loads: the archive rewritten by numpy with a Fortran-ordered kernel and compressed entries. Skipped without
     * Debian's python3-numpy.
     */
    @Test
    void numpyReadsAndWritesTheArchive() throws IOException, InterruptedException {
        Path python = Path.of("/usr/bin/python3");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(python), "no /usr/bin/python3");
        Process probe = new ProcessBuilder(python.toString(), "-c", "import numpy").start();
        org.junit.jupiter.api.Assumptions.assumeTrue(probe.waitFor() == 0, "no numpy for /usr/bin/python3");
        Model trained = model(1);
        Tensor x = Tensor.randomNormal(new long[] {16, 3}, 0, 1, DType.FLOAT32, 2);
        trained.fit(x, Tensor.randomNormal(new long[] {16, 2}, 0, 1, DType.FLOAT32, 3),
                o -> o.epochs(1).batchSize(4).verbosity(Verbosity.SILENT));
        Path saved = folder.resolve("fusenet.npz");
        trained.save(saved);
        Path rewritten = folder.resolve("numpy.npz");
        String script = String.join("\n",
                "import sys, numpy as np",
                "a = np.load(sys.argv[1])",
                "assert a['dense/kernel'].dtype == np.float32 and a['dense/kernel'].shape == (3, 4)",
                "assert a['optimizer/iterations'].dtype == np.int64 and int(a['optimizer/iterations'][0]) == 4",
                "out = {k: a[k] for k in a.files}",
                "out['dense/kernel'] = np.asfortranarray(a['dense/kernel'])",
                "np.savez_compressed(sys.argv[2], **out)",
                "print(float(a['dense/kernel'].sum()))");
        Process run = new ProcessBuilder(python.toString(), "-c", script, saved.toString(), rewritten.toString())
                .redirectErrorStream(true).start();
        String printed = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, run.waitFor(), printed);
        float sum = 0;
        for (float v : trained.getWeights().get(0).toFloatArray()) {
            sum += v;
        }
        assertEquals(sum, Double.parseDouble(printed), 1e-5, "numpy read the kernel's values");
        Model fresh = model(9);
        fresh.load(rewritten);
        assertArrayEquals(trained.predict(x).toFloatArray(), fresh.predict(x).toFloatArray());
    }
}
