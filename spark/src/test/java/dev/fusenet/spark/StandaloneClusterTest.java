package dev.fusenet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.training.Verbosity;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SparkFit on a real standalone cluster of separate JVMs on 127.0.0.1: a master and two workers started from the
 * Spark jars on the test class path (a Spark home of links to them), each worker launching its own executor JVM,
 * the driver in this JVM. An executor killed in the middle of a fit is survived, with the weights a single machine
 * trains; a cluster without a checkpoint directory is refused before any work. Every process is stopped at the end.
 */
@Timeout(600)
class StandaloneClusterTest {

    private static final List<Process> PROCESSES = new ArrayList<>();
    private static Path home;
    private static Path logs;
    private static String master;
    private static String executorClassPath;
    private static String jvmOptions;

    @BeforeAll
    static void startCluster(@TempDir Path folder) throws Exception {
        home = Files.createDirectories(folder.resolve("spark-home"));
        logs = Files.createDirectories(folder.resolve("logs"));
        Files.writeString(home.resolve("RELEASE"), "Spark links for fusenet's StandaloneClusterTest\n");
        Path jars = Files.createDirectories(home.resolve("jars"));
        List<String> folders = new ArrayList<>();
        for (String entry : classPath()) {
            Path path = Path.of(entry);
            if (Files.isDirectory(path)) {
                folders.add(path.toAbsolutePath().toString());
            } else if (Files.isRegularFile(path) && entry.endsWith(".jar")) {
                Path link = jars.resolve(path.getFileName());
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, path.toAbsolutePath());
                }
            }
        }
        // the test's and the module's classes (the models, SparkFit itself) are folders, not jars
        executorClassPath = String.join(File.pathSeparator, folders);
        jvmOptions = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect"))
                .collect(Collectors.joining(" "));
        int port = freePort();
        start("master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port",
                String.valueOf(port), "--webui-port", String.valueOf(freePort()));
        master = "spark://127.0.0.1:" + port;
        awaitPort(port);
        for (int i = 1; i <= 2; i++) {
            start("worker-" + i, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "1",
                    "--memory", "2g", "--webui-port", String.valueOf(freePort()), "--work-dir",
                    Files.createDirectories(folder.resolve("work-" + i)).toString(), master);
        }
    }

    @AfterAll
    static void stopCluster() {
        for (Process process : PROCESSES) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (Process process : PROCESSES) {
            try {
                process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new AssertionError("a cluster process did not stop", e);
            }
        }
    }

    private static SparkSession driver(String checkpoints) {
        SparkSession.Builder builder = SparkSession.builder().master(master).appName("fusenet-cluster-test")
                .config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.ui.enabled", "false").config("spark.executor.memory", "1g")
                .config("spark.executor.cores", "1").config("spark.cores.max", "2")
                .config("spark.executor.extraClassPath", executorClassPath)
                .config("spark.executor.extraJavaOptions", jvmOptions + " -Dfusenet.singleThreaded=true")
                .config("spark.scheduler.minRegisteredResourcesRatio", "1.0")
                .config("spark.scheduler.maxRegisteredResourcesWaitingTime", "180s");
        if (checkpoints != null) {
            builder.config("spark.checkpoint.dir", checkpoints);
        }
        return builder.getOrCreate();
    }

    @Test
    void aKilledExecutorIsSurvivedWithTheSingleMachineWeights(@TempDir Path folder) throws Exception {
        List<Sample> data = SparkFitTest.samples(240);
        Model alone = new CompiledAdamNet();
        alone.fit(SparkFitTest.x(data), SparkFitTest.indices(data), o -> o.epochs(3).batchSize(32).seed(5)
                .verbosity(Verbosity.SILENT));

        String marker = folder.resolve("executor-killed").toString();
        SparkSession spark = driver(folder.resolve("checkpoints").toString());
        AtomicInteger lost = new AtomicInteger();
        try {
            spark.sparkContext().addSparkListener(new SparkListener() {
                @Override
                public void onExecutorRemoved(SparkListenerExecutorRemoved removed) {
                    lost.incrementAndGet();
                }
            });
            JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Model spread = new CompiledAdamNet();
            SparkFit.of(spread).fit(context.parallelize(data, 2), o -> o.epochs(3).batchSize(32).seed(5)
                    .verbose(false).beforeTask((partition, step, attempt) -> {
                        // once, at step 10 of 24: the executor's JVM dies as a killed or preempted one does
                        if (partition == 1 && step == 10 && markOnce(marker)) {
                            Runtime.getRuntime().halt(137);
                        }
                    }));
            assertTrue(Files.exists(Path.of(marker)), "no executor was killed: " + logTails());
            assertTrue(lost.get() >= 1, "the driver did not see an executor go: " + logTails());
            for (int i = 0; i < alone.getWeights().size(); i++) {
                float[] a = alone.getWeights().get(i).toFloatArray();
                float[] b = spread.getWeights().get(i).toFloatArray();
                for (int j = 0; j < a.length; j++) {
                    assertEquals(a[j], b[j], 1e-4, "weight " + i + "[" + j + "] after the lost executor");
                }
            }
        } finally {
            spark.stop();
        }
    }

    @Test
    void aClusterWithoutACheckpointDirectoryIsRefusedBeforeAnyWork() {
        SparkSession spark = driver(null);
        try {
            JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
            Model model = new CompiledAdamNet();
            List<dev.fusenet.runtime.Tensor> before = model.getWeights();
            IllegalStateException error = assertThrows(IllegalStateException.class, () -> SparkFit.of(model)
                    .fit(context.parallelize(SparkFitTest.samples(40), 2), o -> o.verbose(false)));
            assertTrue(error.getMessage().startsWith("SparkFit: master " + master + " is a cluster"),
                    error.getMessage());
            assertTrue(error.getMessage().contains("spark.checkpoint.dir"), error.getMessage());
            assertEquals(before.get(0), model.getWeights().get(0));
        } finally {
            spark.stop();
        }
    }

    /** True for the first caller only, across the cluster's JVMs (they share this machine's file system). */
    private static boolean markOnce(String marker) {
        try {
            Files.createFile(Path.of(marker));
            return true;
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return false;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void start(String name, String mainClass, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx512m");
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk.reflect")).toList());
        command.add("-cp");
        command.add(home.resolve("jars") + File.separator + "*");
        command.add(mainClass);
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(logs.resolve(name + ".log").toFile());
        Map<String, String> environment = builder.environment();
        environment.put("SPARK_HOME", home.toString());
        environment.put("SPARK_LOCAL_IP", "127.0.0.1");
        environment.put("SPARK_SCALA_VERSION", "2.13");
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        PROCESSES.add(builder.start());
    }

    /** The test JVM's class path, with the entries of a manifest-only jar (as surefire forks with) expanded. */
    private static Set<String> classPath() throws IOException {
        Set<String> entries = new LinkedHashSet<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(Path.of(entry))) {
                try (JarFile jar = new JarFile(entry)) {
                    String listed = jar.getManifest() == null ? null
                            : jar.getManifest().getMainAttributes().getValue("Class-Path");
                    if (listed != null) {
                        for (String url : listed.trim().split("\\s+")) {
                            java.net.URI base = Path.of(entry).toAbsolutePath().getParent().toUri();
                            entries.add(Path.of(base.resolve(url)).toString());
                        }
                    }
                }
            }
        }
        return entries;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void awaitPort(int port) throws Exception {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the master did not open port " + port + ": " + logTails());
    }

    private static String logTails() {
        StringBuilder tails = new StringBuilder();
        try (var files = Files.list(logs)) {
            for (Path log : files.sorted().toList()) {
                List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                tails.append("\n--- ").append(log.getFileName()).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            }
        } catch (IOException e) {
            tails.append(e);
        }
        return tails.toString();
    }
}
