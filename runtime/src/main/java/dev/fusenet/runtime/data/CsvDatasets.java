package dev.fusenet.runtime.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads a CSV file into a {@link CsvTable} of float32 features and labels, parsed by Apache Commons CSV (header,
 * delimiter, quotes, quoted line breaks): the label column(s) chosen by name, numeric columns as numbers,
 * categorical columns one-hot or as indices (Keras's {@code StringLookup}), missing values refused with the line and
 * column named unless a fill value is given.
 *
 * <pre>{@code
 * CsvTable table = CsvDatasets.read(Path.of("housing.csv"), csv -> csv
 *         .labels("price")
 *         .categorical("ocean_proximity")
 *         .fill("bedrooms", "0"));
 * CsvTable.Split split = table.split(0.2, 113);                     // training and test rows
 * Normalization norm = Normalization.adapt(split.training().features());
 * model.fit(norm.apply(split.training().features()), split.training().labels(), ...);
 * }</pre>
 *
 * <p>The whole file is read before the first row is encoded, so a bad cell is reported before any training and a
 * category's vocabulary covers every row. Stateless and safe to call from several threads.
 */
public final class CsvDatasets {

    /** A number as a CSV file writes one: no hex, no trailing type letters, no thousands separators. */
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private CsvDatasets() {
    }

    /** The file's columns, every column but none a label: features to {@code predict} on. */
    public static CsvTable read(Path file) {
        return read(file, csv -> { });
    }

    /**
     * The file read as {@code configure} says: {@code csv -> csv.labels("price").categorical("city")}.
     *
     * @throws DataException when the file is missing or a row, column or cell cannot be used, with the line and
     *         column named and what to do instead
     */
    public static CsvTable read(Path file, Consumer<Options> configure) {
        Options options = new Options();
        configure.accept(options);
        CsvRows rows = CsvRows.read(Objects.requireNonNull(file, "file"), options);
        return new Encoder(rows, options).table();
    }

    /** Turns the cells of the chosen columns into floats, column by column. */
    private static final class Encoder {
        private final CsvRows rows;
        private final Options options;
        private final Map<String, Integer> index = new HashMap<>();

        Encoder(CsvRows rows, Options options) {
            this.rows = rows;
            this.options = options;
            for (int i = 0; i < rows.columns().size(); i++) {
                index.put(rows.columns().get(i), i);
            }
        }

        CsvTable table() {
            List<String> labelColumns = options.classColumn != null ? List.of(options.classColumn) : options.labels;
            labelColumns.forEach(column -> column(column, options.classColumn != null ? "classLabel" : "labels"));
            options.ignored.forEach(column -> column(column, "ignore"));
            options.categories.keySet().forEach(column -> column(column, "categorical"));
            options.fills.keySet().forEach(column -> column(column, "fill"));
            for (String column : options.categories.keySet()) {
                if (labelColumns.contains(column)) {
                    throw new DataException("categorical(\"" + column + "\"): '" + column + "' is a label column; "
                            + "for class labels use classLabel(\"" + column + "\")");
                }
            }
            List<String> features = featureColumns(labelColumns);
            int n = rows.rows().size();

            List<String> featureNames = new ArrayList<>();
            List<float[]> blocks = new ArrayList<>();
            List<Integer> widths = new ArrayList<>();
            for (String column : features) {
                CategoryEncoding encoding = options.categories.get(column);
                if (encoding == null) {
                    blocks.add(numbers(column));
                    widths.add(1);
                    featureNames.add(column);
                } else {
                    List<String> vocabulary = vocabulary(column, options.vocabularies.getOrDefault(column, List.of()), "vocabulary");
                    int[] codes = codes(column, vocabulary, "vocabulary");
                    if (encoding == CategoryEncoding.ONE_HOT) {
                        blocks.add(oneHot(codes, vocabulary.size()));
                        widths.add(vocabulary.size());
                        vocabulary.forEach(value -> featureNames.add(column + "=" + value));
                    } else {
                        blocks.add(asFloats(codes));
                        widths.add(1);
                        featureNames.add(column);
                    }
                }
            }
            int width = widths.stream().mapToInt(Integer::intValue).sum();
            float[] x = interleave(blocks, widths, n, width);

            float[] y = null;
            int[] labelShape = null;
            List<String> classNames = List.of();
            if (options.classColumn != null) {
                classNames = vocabulary(options.classColumn, options.classNames, "classNames");
                int[] codes = codes(options.classColumn, classNames, "classNames");
                switch (options.labelMode) {
                    case INT -> {
                        y = asFloats(codes);
                        labelShape = new int[0];
                    }
                    case CATEGORICAL -> {
                        y = oneHot(codes, classNames.size());
                        labelShape = new int[] {classNames.size()};
                    }
                    case BINARY -> {
                        if (classNames.size() != 2) {
                            throw new DataException("classLabel(\"" + options.classColumn + "\", BINARY) needs exactly 2 "
                                    + "classes, " + rows.fileName() + " has " + classNames.size() + " " + classNames
                                    + "; use CATEGORICAL or INT for more");
                        }
                        y = asFloats(codes);
                        labelShape = new int[] {1};
                    }
                    case NONE -> { }
                }
            } else if (!labelColumns.isEmpty()) {
                List<float[]> labelBlocks = new ArrayList<>();
                for (String column : labelColumns) {
                    labelBlocks.add(numbers(column, "labels"));
                }
                y = interleave(labelBlocks, labelBlocks.stream().map(b -> 1).toList(), n, labelColumns.size());
                labelShape = new int[] {labelColumns.size()};
            }
            return new CsvTable(rows.fileName(), x, List.copyOf(featureNames), y, labelShape, List.copyOf(labelColumns),
                    classNames, rows.lines());
        }

        private List<String> featureColumns(List<String> labelColumns) {
            List<String> chosen;
            if (!options.selected.isEmpty()) {
                options.selected.forEach(column -> column(column, "select"));
                chosen = new ArrayList<>(options.selected);
                for (String column : chosen) {
                    if (labelColumns.contains(column)) {
                        throw new DataException("select(\"" + column + "\"): '" + column + "' is also a label column; "
                                + "a column is a feature or a label, not both");
                    }
                }
            } else {
                chosen = new ArrayList<>(rows.columns());
                chosen.removeAll(labelColumns);
            }
            chosen.removeAll(options.ignored);
            if (chosen.isEmpty()) {
                throw new DataException(rows.fileName() + " leaves no feature column: its columns are "
                        + rows.columns() + ", of which " + labelColumns + " are labels and " + options.ignored
                        + " ignored");
            }
            return chosen;
        }

        /** The position of {@code column}, checked where an option named it. */
        private int column(String column, String option) {
            Integer position = index.get(column);
            if (position == null) {
                throw new DataException(option + "(\"" + column + "\"): " + rows.fileName() + " has no column '"
                        + column + "'; its columns are " + rows.columns());
            }
            return position;
        }

        private float[] numbers(String column) {
            return numbers(column, "feature");
        }

        private float[] numbers(String column, String role) {
            int position = column(column, role);
            float[] values = new float[rows.rows().size()];
            for (int r = 0; r < values.length; r++) {
                String cell = cell(r, position);
                if (!NUMBER.matcher(cell).matches()) {
                    String fix = role.equals("labels")
                            ? "for class labels use classLabel(\"" + column + "\")"
                            : "declare categorical(\"" + column + "\") if the column holds categories, or ignore(\""
                                    + column + "\") to leave it out";
                    throw new DataException(at(r, column) + "'" + cell + "' is not a number; " + fix);
                }
                float value = Float.parseFloat(cell);
                if (Float.isInfinite(value)) {
                    throw new DataException(at(r, column) + cell + " is beyond float32's range (±3.4e38)");
                }
                values[r] = value;
            }
            return values;
        }

        /**
         * The column's categories: {@code given} in its order, or every value in the file sorted (as numbers when
         * all are numbers, so "2" comes before "10"), so that the order does not depend on the rows' order.
         */
        private List<String> vocabulary(String column, List<String> given, String option) {
            if (!given.isEmpty()) {
                Set<String> distinct = new LinkedHashSet<>(given);
                if (distinct.size() != given.size()) {
                    throw new DataException(option + " for '" + column + "' names a value twice: " + given);
                }
                return List.copyOf(given);
            }
            int position = column(column, option);
            Set<String> values = new LinkedHashSet<>();
            for (int r = 0; r < rows.rows().size(); r++) {
                values.add(cell(r, position));
            }
            boolean numeric = values.stream().allMatch(v -> NUMBER.matcher(v).matches());
            Comparator<String> order = numeric
                    ? Comparator.<String>comparingDouble(Double::parseDouble).thenComparing(Comparator.naturalOrder())
                    : Comparator.naturalOrder();
            TreeSet<String> sorted = new TreeSet<>(order);
            sorted.addAll(values);
            return List.copyOf(sorted);
        }

        private int[] codes(String column, List<String> vocabulary, String option) {
            int position = column(column, option);
            Map<String, Integer> code = new HashMap<>();
            for (int i = 0; i < vocabulary.size(); i++) {
                code.put(vocabulary.get(i), i);
            }
            int[] codes = new int[rows.rows().size()];
            for (int r = 0; r < codes.length; r++) {
                String cell = cell(r, position);
                Integer c = code.get(cell);
                if (c == null) {
                    throw new DataException(at(r, column) + "'" + cell + "' is not among the " + option + " given for '"
                            + column + "' " + vocabulary + "; add it there, or leave " + option + " out to take "
                            + "every value in the file");
                }
                codes[r] = c;
            }
            return codes;
        }

        /** The cell's text, or its column's fill value when it is missing. */
        private String cell(int row, int position) {
            String cell = rows.rows().get(row)[position];
            if (!options.missingValues.contains(cell)) {
                return cell;
            }
            String column = rows.columns().get(position);
            String fill = options.fills.getOrDefault(column, options.fillAll);
            if (fill == null) {
                throw new DataException(at(row, column) + "the value is missing (\"" + cell + "\"); give a fill value "
                        + "with fill(\"" + column + "\", \"0\") (or fill(\"0\") for every column), or remove the row");
            }
            return fill;
        }

        private String at(int row, String column) {
            return rows.fileName() + " line " + rows.lines()[row] + ", column '" + column + "': ";
        }
    }

    private static float[] oneHot(int[] codes, int classes) {
        float[] values = new float[codes.length * classes];
        for (int r = 0; r < codes.length; r++) {
            values[r * classes + codes[r]] = 1;
        }
        return values;
    }

    private static float[] asFloats(int[] codes) {
        float[] values = new float[codes.length];
        for (int r = 0; r < codes.length; r++) {
            values[r] = codes[r];
        }
        return values;
    }

    /** Column blocks (each {@code rows × width}) side by side as one row-major {@code rows × total} matrix. */
    private static float[] interleave(List<float[]> blocks, List<Integer> widths, int rows, int total) {
        float[] matrix = new float[rows * total];
        int offset = 0;
        for (int b = 0; b < blocks.size(); b++) {
            int width = widths.get(b);
            float[] block = blocks.get(b);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(block, r * width, matrix, r * total + offset, width);
            }
            offset += width;
        }
        return matrix;
    }

    /** How to read a file: every option has Keras's or the CSV format's usual default. Not thread-safe. */
    public static final class Options {
        char delimiter = ',';
        char quote = '"';
        Character commentMarker;
        boolean header = true;
        List<String> columnNames = List.of();
        long skipLines;
        Charset charset = StandardCharsets.UTF_8;
        List<String> labels = List.of();
        String classColumn;
        LabelMode labelMode = LabelMode.INT;
        List<String> classNames = List.of();
        List<String> selected = List.of();
        List<String> ignored = List.of();
        final Map<String, CategoryEncoding> categories = new LinkedHashMap<>();
        final Map<String, List<String>> vocabularies = new HashMap<>();
        Set<String> missingValues = Set.of("", "NA", "N/A", "n/a", "NaN", "nan", "NULL", "null", "None");
        final Map<String, String> fills = new LinkedHashMap<>();
        String fillAll;

        Options() {
        }

        /** The field separator: {@code ','} by default, {@code ';'} or {@code '\t'} for other exports. */
        public Options delimiter(char delimiter) {
            this.delimiter = delimiter;
            return this;
        }

        /** The quote character: {@code '"'} by default; a doubled quote inside quotes is one quote. */
        public Options quote(char quote) {
            this.quote = quote;
            return this;
        }

        /** Lines starting with {@code marker} are comments and skipped (none by default). */
        public Options commentMarker(char marker) {
            this.commentMarker = marker;
            return this;
        }

        /** Whether the first row names the columns: true by default. */
        public Options header(boolean header) {
            this.header = header;
            return this;
        }

        /** The columns' names for a file without a header (otherwise they are column1, column2, ...). */
        public Options columnNames(String... names) {
            this.columnNames = List.of(names);
            this.header = false;
            return this;
        }

        /** Lines to skip before the header (or the data): a title, or the counts on the Boston housing file's first. */
        public Options skipLines(long lines) {
            if (lines < 0) {
                throw new IllegalArgumentException("skipLines must be zero or more, got " + lines);
            }
            this.skipLines = lines;
            return this;
        }

        /** The file's encoding: UTF-8 by default (a byte-order mark is skipped). */
        public Options charset(Charset charset) {
            this.charset = Objects.requireNonNull(charset, "charset");
            return this;
        }

        /** The numeric target column(s) of a regression, in this order: labels shaped (rows, columns). */
        public Options labels(String... columns) {
            this.labels = List.of(columns);
            this.classColumn = null;
            return this;
        }

        /**
         * The column whose values are the classes, as class indices ({@link LabelMode#INT}): the classes are its
         * values in sorted order (as numbers when all are numbers), {@link CsvTable#classNames()}.
         */
        public Options classLabel(String column) {
            return classLabel(column, LabelMode.INT);
        }

        /** As {@link #classLabel(String)}, the labels given as {@code mode} says (one-hot, binary, or none). */
        public Options classLabel(String column, LabelMode mode) {
            this.classColumn = Objects.requireNonNull(column, "column");
            this.labelMode = Objects.requireNonNull(mode, "mode");
            this.labels = List.of();
            return this;
        }

        /** The classes in this order, instead of the sorted values; a row with another value is refused. */
        public Options classNames(List<String> names) {
            this.classNames = List.copyOf(names);
            return this;
        }

        /** Only these feature columns, in this order (by default every column that is not a label). */
        public Options select(String... columns) {
            this.selected = List.of(columns);
            return this;
        }

        /** Leaves these columns out: identifiers, free text, data from the future. */
        public Options ignore(String... columns) {
            this.ignored = List.of(columns);
            return this;
        }

        /** A column of categories, one-hot encoded ({@link CategoryEncoding#ONE_HOT}). */
        public Options categorical(String column) {
            return categorical(column, CategoryEncoding.ONE_HOT);
        }

        /** A column of categories, encoded as {@code encoding} says; its vocabulary is every value, sorted. */
        public Options categorical(String column, CategoryEncoding encoding) {
            categories.put(Objects.requireNonNull(column, "column"), Objects.requireNonNull(encoding, "encoding"));
            return this;
        }

        /** A categorical column's vocabulary in this order, as {@code StringLookup(vocabulary=...)}. */
        public Options vocabulary(String column, List<String> values) {
            vocabularies.put(Objects.requireNonNull(column, "column"), List.copyOf(values));
            categories.putIfAbsent(column, CategoryEncoding.ONE_HOT);
            return this;
        }

        /**
         * The cells that mean "no value": by default the empty cell, NA, N/A, n/a, NaN, nan, NULL, null and None
         * (pandas's usual ones).
         */
        public Options missingValues(String... tokens) {
            this.missingValues = Set.copyOf(Arrays.asList(tokens));
            return this;
        }

        /** The value a missing cell of {@code column} takes, read as the column's other cells are. */
        public Options fill(String column, String value) {
            fills.put(Objects.requireNonNull(column, "column"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The value a missing cell of any column without a fill of its own takes. */
        public Options fill(String value) {
            this.fillAll = Objects.requireNonNull(value, "value");
            return this;
        }
    }
}
