package dev.fusenet.runtime.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
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
 * one row per epoch. Each row is forced to the disk as it is written, so a crash or a power loss keeps the
 * finished epochs; a row a crash cut short is dropped when the file is appended to again.
 */
public final class CsvLogger implements Callback {

    private final Path file;
    private final char separator;
    private final boolean append;
    private FileChannel channel;
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
            channel = continuing
                    ? FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ)
                    : FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                            StandardOpenOption.TRUNCATE_EXISTING);
            if (continuing) {
                dropUnfinishedRow();
                channel.position(channel.size());
            }
            columns = continuing && channel.size() > 0 ? existingColumns() : null;
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /** Cuts the file after its last line break: what follows it is a row a crash interrupted. */
    private void dropUnfinishedRow() throws IOException {
        long size = channel.size();
        long keep = size;
        java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
        while (keep > 0) {
            one.clear();
            channel.read(one, keep - 1);
            if (one.get(0) == '\n') {
                break;
            }
            keep--;
        }
        if (keep < size) {
            channel.truncate(keep);
            channel.force(true);
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
        StringBuilder text = new StringBuilder();
        if (columns == null) {
            columns = new ArrayList<>(new TreeSet<>(logs.keySet()));
            text.append("epoch");
            for (String column : columns) {
                text.append(separator).append(column);
            }
            text.append(System.lineSeparator());
        }
        text.append(epoch);
        for (String column : columns) {
            Double value = logs.get(column);
            text.append(separator).append(value == null ? "" : String.format(Locale.ROOT, "%s", value));
        }
        text.append(System.lineSeparator());
        try {
            java.nio.ByteBuffer bytes = StandardCharsets.UTF_8.encode(text.toString());
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onTrainEnd(TrainingContext context) {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("CsvLogger: cannot close " + file + ": " + e.getMessage(), e);
        } finally {
            channel = null;
        }
    }
}
