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
 * the optimizer refused the step count, moving predictions by up to 0.4).
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

    /**
     * A numpy .npy of {@code count} copies of one value: {@code descr} '<i8' or '<f8'. (An entry of no values is not
     * tested here: ND4J's native parser reads it as one value of junk, which only a header reader in Java, the
     * .npz item of the same issue, can refuse.)
     */
    private static byte[] npy(String descr, long bits, int count) {
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + count + ",), }";
        int total = 10 + header.length() + 1;
        int padded = (total + 63) / 64 * 64;
        header = header + " ".repeat(padded - total) + "\n";
        ByteBuffer buffer = ByteBuffer.allocate(10 + header.length() + 8 * count).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buffer.putShort((short) header.length()).put(header.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < count; i++) {
            buffer.putLong(bits);
        }
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
                                + "and finite"));
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
}
