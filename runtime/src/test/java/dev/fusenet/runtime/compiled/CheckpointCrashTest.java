package dev.fusenet.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.annotations.Activation;
import dev.fusenet.annotations.Loss;
import dev.fusenet.annotations.Optimizer;
import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.dsl.Sequential;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM killed with SIGKILL while it saves (a child JVM saving in a loop, killed at a random moment) leaves the
 * previous checkpoint whole and loadable, and at most one {@code .part} file however often it happens.
 */
class CheckpointCrashTest {

    private static final int ROUNDS = 4;

    @Test
    void aKilledSaveLeavesTheLastCheckpointLoadableAndOneTemporaryFileAtMost(@TempDir Path directory)
            throws Exception {
        Path checkpoint = directory.resolve("m.npz");
        SplittableRandom random = new SplittableRandom(7);
        String launcher = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int round = 0; round < ROUNDS; round++) {
            Process child = new ProcessBuilder(launcher, "-cp", System.getProperty("java.class.path"),
                    SaveForever.class.getName(), checkpoint.toString()).redirectErrorStream(true).start();
            BufferedReader output = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = output.readLine()) != null && !line.startsWith("saved")) {
                // ND4J's start-up lines
            }
            if (line == null) {
                throw new AssertionError("the child never saved; it exited with " + child.waitFor());
            }
            Thread.sleep(random.nextInt(5, 120));
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));

            Model model = SaveForever.model();
            model.load(checkpoint);
            try (var files = Files.list(directory)) {
                List<String> names = files.map(p -> p.getFileName().toString()).sorted().toList();
                assertTrue(names.equals(List.of("m.npz")) || names.equals(List.of("m.npz", "m.npz.part")),
                        "after crash " + (round + 1) + ": " + names);
            }
        }
    }

    /** Saves a 400k-parameter model (5 MB with RMSprop's state) again and again until killed. */
    public static final class SaveForever {
        public static void main(String[] args) throws Exception {
            Model model = model();
            Path path = Path.of(args[0]);
            for (int i = 1; ; i++) {
                model.save(path);
                System.out.println("saved " + i);
                System.out.flush();
            }
        }

        static Model model() {
            return Sequential.build(m -> {
                m.dense(512, d -> d.activation(Activation.RELU).inputShape(784));
                m.dense(10, d -> d.activation(Activation.SOFTMAX));
                m.compile(c -> c.optimizer(Optimizer.RMSPROP).loss(Loss.CATEGORICAL_CROSSENTROPY));
            });
        }
    }
}
