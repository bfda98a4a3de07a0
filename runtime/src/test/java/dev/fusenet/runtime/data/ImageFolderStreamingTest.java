package dev.fusenet.runtime.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Metric;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.dsl.Sequential;
import dev.fusenet.runtime.training.History;
import dev.fusenet.runtime.training.Verbosity;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Data larger than the heap streams: a JVM with a 64 MiB heap trains on a folder whose decoded images take
 * 6,000 × 64 × 64 × 3 floats = 281 MiB, 4.4 times its heap, and learns it.
 */
class ImageFolderStreamingTest {

    static final int IMAGES = 6000;
    static final int SIZE = 64;
    static final String HEAP = "-Xmx64m";

    /** Bright images with a dark square are class "dark", the rest "light": a task a linear model learns. */
    private static void writeFolder(Path folder) throws IOException {
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < IMAGES; i++) {
            boolean dark = i % 2 == 0;
            BufferedImage image = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_3BYTE_BGR);
            int base = 120 + random.nextInt(80);
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    int v = dark && y >= 16 && y < 48 && x >= 16 && x < 48 ? base / 4 : base;
                    image.setRGB(x, y, (v << 16) | (v << 8) | v);
                }
            }
            Path file = folder.resolve(dark ? "dark" : "light").resolve(i + ".jpg");
            Files.createDirectories(file.getParent());
            ImageIO.write(image, "jpeg", file.toFile());
        }
    }

    @Test
    void aFolderSeveralTimesTheHeapTrainsInASmallJvm(@TempDir Path folder) throws Exception {
        writeFolder(folder);
        long decodedBytes = (long) IMAGES * SIZE * SIZE * 3 * Float.BYTES;
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, HEAP));
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), TrainOnFolder.class.getName(),
                folder.toString()));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (var in = child.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(child.waitFor(5, TimeUnit.MINUTES), "the child JVM finished");
        assertEquals(0, child.exitValue(), output);
        String line = output.lines().filter(l -> l.startsWith("RESULT")).findFirst().orElseThrow(() ->
                new AssertionError("no result line in\n" + output));
        String[] parts = line.split(" ");
        long maxHeap = Long.parseLong(parts[1]);
        double accuracy = Double.parseDouble(parts[2]);
        assertTrue(decodedBytes > 4 * maxHeap, "the decoded folder (" + decodedBytes + " B) is several times the "
                + "child's heap (" + maxHeap + " B)");
        assertTrue(accuracy > 0.9, "it learned from the stream: accuracy " + accuracy + "\n" + output);
    }

    /** The child: trains two epochs on the folder and prints its heap limit and last accuracy. */
    public static final class TrainOnFolder {
        public static void main(String[] args) {
            Dataset data = ImageDatasets.fromDirectory(Path.of(args[0]), o -> o.batchSize(32).seed(2)
                    .decodeThreads(2));
            Sequential model = Sequential.build(m -> {
                m.seed(1);
                m.rescaling(1.0 / 255, r -> r.inputShape(SIZE, SIZE, 3));
                m.flatten();
                m.dense(2, d -> d.activation(Activation.SOFTMAX));
                m.compile(c -> c.optimizer(Optimizer.ADAM).loss(Loss.SPARSE_CATEGORICAL_CROSSENTROPY)
                        .metrics(Metric.ACCURACY));
            });
            History history = model.fit(data, o -> o.epochs(2).verbosity(Verbosity.SILENT));
            System.out.println("RESULT " + Runtime.getRuntime().maxMemory() + " " + history.last("accuracy"));
        }
    }
}
