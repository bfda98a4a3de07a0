package dev.fusenet.samples.boston;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.fusenet.runtime.data.CsvTable;
import dev.fusenet.runtime.data.DataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample reads the file's layout, validates fold by fold and learns; the full 500-epoch run is the sample itself.
 * The CSV files are written here, so the tests run anywhere; one test also uses Debian's copy when it is installed.
 */
class BostonHousingSampleTest {

    private static final String HEADER = "\"CRIM\",\"ZN\",\"INDUS\",\"CHAS\",\"NOX\",\"RM\",\"AGE\",\"DIS\",\"RAD\","
            + "\"TAX\",\"PTRATIO\",\"B\",\"LSTAT\",\"MEDV\"";

    @TempDir
    Path dir;

    /**
     * {@code rows} rows in the file's layout whose price is a known linear function of the features plus a little
     * noise, so a network can learn it and a small error shows it did.
     */
    private Path bostonLike(int rows) throws IOException {
        StringBuilder text = new StringBuilder(rows + ",13,,,,,,,,,,,,\n").append(HEADER).append('\n');
        SplittableRandom random = new SplittableRandom(3);
        for (int r = 0; r < rows; r++) {
            double price = 22;
            for (int c = 0; c < 13; c++) {
                double value = 10 * c + random.nextGaussian() * (c + 1);
                price += (c % 2 == 0 ? 1 : -1) * (value - 10 * c) / (c + 1);
                text.append(String.format(java.util.Locale.ROOT, "%.4f,", value));
            }
            text.append(String.format(java.util.Locale.ROOT, "%.2f%n", price + random.nextGaussian() * 0.1));
        }
        Path file = dir.resolve("boston.csv");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void theFilesLayoutSplitsEightyTwentyAsKerasCutsIt() throws IOException {
        CsvTable.Split data = BostonHousingSample.load(bostonLike(506));
        assertEquals(404, data.training().size());
        assertEquals(102, data.heldOut().size());
        assertEquals(List.of("MEDV"), data.training().labelNames());
        assertEquals("CRIM", data.training().featureNames().get(0));
    }

    @Test
    void kFoldValidationLearnsAndTheTestRowsAreWritten() throws IOException {
        CsvTable.Split data = BostonHousingSample.load(bostonLike(200));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        double[] mae = BostonHousingSample.kFoldValidationMae(data.training(), 4, 30, 16, 1,
                new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(30, mae.length);
        assertTrue(mae[29] < mae[0] / 3, "mean validation MAE by epoch: first " + mae[0] + ", last " + mae[29]);
        assertTrue(log.toString(StandardCharsets.UTF_8).contains("fold 4 of 4: validation MAE"), log.toString());
        assertTrue(BostonHousingSample.testMae(data, 30, 16, 1) < mae[0] / 3);

        Path rows = dir.resolve("out/test-rows.txt");
        BostonHousingSample.writeTestRows(data.heldOut(), rows);
        List<String> written = Files.readAllLines(rows);
        assertEquals(40, written.size());
        int first = Integer.parseInt(written.get(0));
        assertEquals(data.heldOut().line(0), first + BostonHousingSample.DATA_START_LINE);
    }

    @Test
    void theRealFileWhenDebiansCopyIsInstalled() throws IOException {
        assumeTrue(Files.isRegularFile(BostonHousingOptions.SKLEARN_COPY),
                "Debian's python3-sklearn is not installed: no " + BostonHousingOptions.SKLEARN_COPY);
        CsvTable.Split data = BostonHousingSample.load(BostonHousingOptions.SKLEARN_COPY);
        assertEquals(404, data.training().size());
        assertEquals(13, data.training().featureCount());
        double mae = BostonHousingSample.testMae(data, 20, 16, 0);
        // A guess of the training mean is off by about 6.5 ($6,500); 20 epochs bring it well under that.
        assertTrue(mae < 4.5, "test MAE after 20 epochs: " + mae);
    }

    @Test
    void badFlagsAndFilesGetOneMessage() throws IOException {
        IllegalArgumentException absent = assertThrows(IllegalArgumentException.class,
                () -> BostonHousingOptions.parse("--data", dir.resolve("none.csv").toString()));
        assertTrue(absent.getMessage().contains("no Boston housing CSV at " + dir.resolve("none.csv")
                + ": install Debian's python3-sklearn"), absent.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BostonHousingOptions.parse("--folds", "1"));
        assertThrows(IllegalArgumentException.class, () -> BostonHousingOptions.parse("--epochs", "ten"));
        assertThrows(IllegalArgumentException.class, () -> BostonHousingOptions.parse("--color", "red"));

        Path narrow = dir.resolve("narrow.csv");
        Files.writeString(narrow, "2,2\n\"a\",\"MEDV\"\n1,2\n3,4\n");
        DataException columns = assertThrows(DataException.class, () -> BostonHousingSample.load(narrow));
        assertTrue(columns.getMessage().contains("has 1 feature columns [a]"), columns.getMessage());

        PrintStream err = System.err;
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        System.setErr(new PrintStream(message, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, BostonHousingSample.run(System.out, "--data", narrow.toString()));
        } finally {
            System.setErr(err);
        }
        String printed = message.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("boston-housing: " + narrow + " has 1 feature columns"), printed);
        assertTrue(!printed.contains("\tat "), "a message, not a stack trace: " + printed);
    }
}
