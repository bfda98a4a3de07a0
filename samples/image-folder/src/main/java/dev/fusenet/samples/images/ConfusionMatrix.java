package dev.fusenet.samples.images;

import dev.fusenet.runtime.Model;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.data.Batch;
import dev.fusenet.runtime.data.Cursor;
import dev.fusenet.runtime.data.Dataset;
import dev.fusenet.runtime.training.HistoryPlot;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * How often a model took each class for each other: {@code count(true, predicted)} over a labelled dataset, with
 * each class's accuracy (its recall: the share of its images predicted as it), as a table and as a figure.
 */
final class ConfusionMatrix {

    private final List<String> classes;
    private final long[][] counts;

    private ConfusionMatrix(List<String> classes) {
        this.classes = List.copyOf(classes);
        this.counts = new long[classes.size()][classes.size()];
    }

    /** The model's predictions on every batch of {@code data}, whose labels are class indices. */
    static ConfusionMatrix of(Model model, Dataset data, List<String> classes) {
        ConfusionMatrix matrix = new ConfusionMatrix(classes);
        try (Cursor<Batch> pass = data.open(0)) {
            for (Batch batch = pass.next(); batch != null; batch = pass.next()) {
                Tensor probabilities = model.predict(batch.features());
                matrix.add(batch.labels().toIntArray(), probabilities.argmax(1).toIntArray());
            }
        }
        return matrix;
    }

    void add(int[] labels, int[] predicted) {
        for (int i = 0; i < labels.length; i++) {
            counts[labels[i]][predicted[i]]++;
        }
    }

    long count(int label, int predicted) {
        return counts[label][predicted];
    }

    /** The share of class {@code label}'s images predicted as it; NaN for a class with no images. */
    double accuracy(int label) {
        long total = 0;
        for (long count : counts[label]) {
            total += count;
        }
        return counts[label][label] / (double) total;
    }

    double overallAccuracy() {
        long right = 0;
        long total = 0;
        for (int label = 0; label < counts.length; label++) {
            right += counts[label][label];
            for (long count : counts[label]) {
                total += count;
            }
        }
        return right / (double) total;
    }

    /** Each class's accuracy and count, one line each, then the matrix with the true classes down the side. */
    String table() {
        int width = Math.max(6, classes.stream().mapToInt(String::length).max().orElse(1) + 1);
        StringBuilder text = new StringBuilder();
        for (int label = 0; label < classes.size(); label++) {
            long total = 0;
            for (long count : counts[label]) {
                total += count;
            }
            text.append(String.format(Locale.ROOT, "%-" + width + "s accuracy %.3f  (%d of %d)%n", classes.get(label),
                    accuracy(label), counts[label][label], total));
        }
        text.append(String.format(Locale.ROOT, "%nconfusion matrix (rows: true class, columns: predicted)%n"));
        text.append(" ".repeat(width));
        for (String name : classes) {
            text.append(String.format(Locale.ROOT, "%" + width + "s", name));
        }
        text.append('\n');
        for (int label = 0; label < classes.size(); label++) {
            text.append(String.format(Locale.ROOT, "%-" + width + "s", classes.get(label)));
            for (int predicted = 0; predicted < classes.size(); predicted++) {
                text.append(String.format(Locale.ROOT, "%" + width + "d", counts[label][predicted]));
            }
            text.append('\n');
        }
        return text.toString();
    }

    /**
     * The matrix as a heat map, each row's counts as shares of its class (so classes of different sizes read alike),
     * true classes from the top down as the table prints them, each cell showing its share.
     */
    void writeFigure(String title, Path png) throws IOException {
        int n = classes.size();
        int side = Math.max(420, Math.min(1200, 60 * n + 200));
        HeatMapChart chart = new HeatMapChartBuilder().width(side).height(side).title(title)
                .xAxisTitle("predicted class").yAxisTitle("true class").build();
        chart.getStyler().setShowValue(true).setMin(0).setMax(1)
                .setRangeColors(new Color[] {Color.WHITE, new Color(31, 119, 180)})
                .setHeatMapValueDecimalPattern("0.00")
                .setValueFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, n > 12 ? 9 : 13));
        // A hint below a cell's width puts every class's name on the axes, not every other one.
        chart.getStyler().setXAxisTickMarkSpacingHint(10);
        chart.getStyler().setYAxisTickMarkSpacingHint(10);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendVisible(false);
        List<String> columns = new ArrayList<>(classes);
        List<String> rows = new ArrayList<>();
        for (int label = n - 1; label >= 0; label--) {
            rows.add(classes.get(label));
        }
        List<Number[]> cells = new ArrayList<>();
        for (int label = 0; label < n; label++) {
            long total = 0;
            for (long count : counts[label]) {
                total += count;
            }
            for (int predicted = 0; predicted < n; predicted++) {
                double share = total == 0 ? 0 : counts[label][predicted] / (double) total;
                cells.add(new Number[] {predicted, n - 1 - label, share});
            }
        }
        chart.addSeries("share of the true class", columns, rows, cells);
        HistoryPlot.writePng(List.of(chart), png);
    }
}
