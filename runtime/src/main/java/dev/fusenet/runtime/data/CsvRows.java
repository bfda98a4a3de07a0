package dev.fusenet.runtime.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * A CSV file's cells as text, with the column names and each row's line in the file: what Apache Commons CSV parses
 * (delimiters, quotes, quoted line breaks, doubled quotes), before any column is read as numbers or categories.
 */
record CsvRows(String fileName, List<String> columns, List<String[]> rows, long[] lines) {

    static CsvRows read(Path file, CsvDatasets.Options options) {
        String name = file.toString();
        CSVFormat format = CSVFormat.RFC4180.builder()
                .setDelimiter(options.delimiter)
                .setQuote(options.quote)
                .setCommentMarker(options.commentMarker)
                .setIgnoreSurroundingSpaces(true)
                .setIgnoreEmptyLines(true)
                .get();
        try (BufferedReader reader = Files.newBufferedReader(file, options.charset)) {
            skipByteOrderMark(reader);
            long skipped = 0;
            for (; skipped < options.skipLines; skipped++) {
                if (reader.readLine() == null) {
                    throw new DataException(name + " has only " + skipped + " lines, but skipLines(" + options.skipLines
                            + ") skips " + options.skipLines + " before the data");
                }
            }
            try (CSVParser parser = format.parse(reader)) {
                List<String> columns = null;
                List<String[]> rows = new ArrayList<>();
                List<Long> lines = new ArrayList<>();
                for (CSVRecord record : parser) {
                    long line = skipped + parser.getCurrentLineNumber() - lineBreaksIn(record);
                    if (columns == null) {
                        columns = options.header ? header(name, record, line) : defaultColumns(options, record.size());
                        if (options.header) {
                            continue;
                        }
                    }
                    if (record.size() != columns.size()) {
                        throw new DataException(name + " line " + line + " has " + record.size() + " fields, but "
                                + columnSource(options) + columns.size()
                                + " columns; check the delimiter ('" + options.delimiter + "') and the quotes of that line");
                    }
                    rows.add(record.values());
                    lines.add(line);
                }
                if (rows.isEmpty()) {
                    throw new DataException(name + " has no data rows" + (options.header ? " after its header" : "")
                            + (options.skipLines > 0 ? " (skipLines(" + options.skipLines + ") skipped the first lines)" : ""));
                }
                return new CsvRows(name, List.copyOf(columns), rows, lines.stream().mapToLong(Long::longValue).toArray());
            }
        } catch (NoSuchFileException e) {
            throw new DataException("CSV file " + name + " does not exist", e);
        } catch (MalformedInputException e) {
            throw new DataException(name + " is not " + options.charset + " text; give its encoding with charset(...)", e);
        } catch (UncheckedIOException e) {
            // Commons CSV reports a broken quote (an unclosed one at the end of the file) this way.
            throw new DataException(name + " cannot be parsed as CSV: " + e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw new DataException(name + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** The parser counts line breaks up to a record's end; a record spans one more line per break it quotes. */
    private static long lineBreaksIn(CSVRecord record) {
        long breaks = 0;
        for (String value : record.values()) {
            breaks += value.chars().filter(c -> c == '\n').count();
        }
        return breaks;
    }

    private static String columnSource(CsvDatasets.Options options) {
        if (options.header) {
            return "the header names ";
        }
        return options.columnNames.isEmpty() ? "the first row has " : "columnNames gives ";
    }

    private static List<String> header(String name, CSVRecord record, long line) {
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < record.size(); i++) {
            String column = record.get(i).isEmpty() ? "column" + (i + 1) : record.get(i);
            if (!seen.add(column)) {
                throw new DataException(name + " line " + line + ": the header names column '" + column
                        + "' twice; give the columns distinct names");
            }
            names.add(column);
        }
        return names;
    }

    private static List<String> defaultColumns(CsvDatasets.Options options, int fields) {
        if (options.columnNames.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (int i = 1; i <= fields; i++) {
                names.add("column" + i);
            }
            return names;
        }
        return options.columnNames;
    }

    private static void skipByteOrderMark(BufferedReader reader) throws IOException {
        reader.mark(1);
        if (reader.read() != '\uFEFF') {
            reader.reset();
        }
    }
}
