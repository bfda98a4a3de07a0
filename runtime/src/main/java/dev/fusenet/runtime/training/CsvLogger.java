package dev.fusenet.runtime.training;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes each epoch's logs as a CSV row, as keras.callbacks.CSVLogger: a header {@code epoch,<sorted names>}, then
 * one row per epoch, flushed as it is written so that a crash keeps the finished epochs.
 */
public final class CsvLogger implements Callback {

    private final Path file;
    private final char separator;
    private final boolean append;
    private BufferedWriter writer;
    private List<String> columns;

    public CsvLogger(Path file) {
        this(file, ',', false);
    }

    public CsvLogger(Path file, char separator, boolean append) {
        this.file = file;
        this.separator = separator;
        this.append = append;
    }

    @Override
    public void onTrainBegin(TrainingContext context) {
        try {
            boolean continuing = append && Files.exists(file) && Files.size(file) > 0;
            writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE, continuing ? StandardOpenOption.APPEND : StandardOpenOption.TRUNCATE_EXISTING);
            columns = continuing ? existingColumns() : null;
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    private List<String> existingColumns() throws IOException {
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            String header = lines.findFirst().orElse("");
            List<String> names = new ArrayList<>(List.of(header.split(java.util.regex.Pattern.quote(
                    String.valueOf(separator)))));
            names.remove("epoch");
            return names;
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs, TrainingContext context) {
        try {
            if (columns == null) {
                columns = new ArrayList<>(new TreeSet<>(logs.keySet()));
                writer.write("epoch");
                for (String column : columns) {
                    writer.write(separator);
                    writer.write(column);
                }
                writer.newLine();
            }
            writer.write(Integer.toString(epoch));
            for (String column : columns) {
                writer.write(separator);
                Double value = logs.get(column);
                writer.write(value == null ? "" : String.format(Locale.ROOT, "%s", value));
            }
            writer.newLine();
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onTrainEnd(TrainingContext context) {
        try {
            if (writer != null) {
                writer.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: cannot close " + file + ": " + e.getMessage(), e);
        } finally {
            writer = null;
        }
    }
}
