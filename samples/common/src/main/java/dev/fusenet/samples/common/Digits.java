package dev.fusenet.samples.common;

import dev.fusenet.runtime.training.HistoryPlot;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.style.Styler;

/** Showing an MNIST digit and what a model thinks it is, as the lecture's notebook does. */
public final class Digits {

    private Digits() {
    }

    /**
     * Prints one test digit, chosen from {@code seed}, as blocks with its label and what {@code model} predicts
     * for it, writes the notebook's figure of it ({@link #writeFigure}) as {@code <prefix>-digit-<index>.png} in
     * {@code out}, and returns that file.
     */
    public static Path showTestDigit(dev.fusenet.runtime.Model model, dev.fusenet.runtime.Tensor testImages,
                                     dev.fusenet.runtime.Tensor testLabels, Long seed, Path out, String prefix)
            throws IOException {
        int index = new java.util.SplittableRandom(seed == null ? 0 : seed).nextInt((int) testImages.shape()[0]);
        dev.fusenet.runtime.Tensor digit = testImages.slice(index, index + 1);
        float[] pixels = digit.toFloatArray();
        float[] probabilities = model.predict(digit).toFloatArray();
        System.out.println();
        System.out.println("test digit #" + index + ", labelled " + testLabels.toIntArray()[index] + ":");
        System.out.print(asText(pixels));
        int label = testLabels.toIntArray()[index];
        Path picture = out.resolve(prefix + "-digit-" + index + ".png");
        writeFigure(pixels, probabilities, label, "test digit #" + index, picture);
        System.out.println("predicted probabilities " + format(probabilities) + " → " + argmax(probabilities));
        return picture;
    }

    /** A 28 × 28 image in [0, 1] as text, two characters per pixel, darker blocks for brighter pixels. */
    public static String asText(float[] pixels) {
        String[] shades = {"  ", "░░", "▒▒", "▓▓", "██"};
        StringBuilder text = new StringBuilder();
        for (int row = 0; row < 28; row++) {
            for (int column = 0; column < 28; column++) {
                float value = pixels[row * 28 + column];
                text.append(shades[Math.min(shades.length - 1, (int) (value * shades.length))]);
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** The figure's size: two panels of {@value #PANEL} × {@value #PANEL} pixels side by side. */
    public static final int PANEL = 480;

    /**
     * The lecture notebook's picture of a digit and a model's answer, as one PNG of two panels: the 28 × 28 image
     * scaled up with its pixel axes (row 0 at the top, as matplotlib's {@code imshow} draws it), and a bar chart
     * of the ten probabilities with the predicted class and the true one marked. Written to a temporary file and
     * moved into place.
     */
    public static void writeFigure(float[] pixels, float[] probabilities, int label, String title, Path png)
            throws IOException {
        int predicted = argmax(probabilities);
        HeatMapChart digit = new HeatMapChartBuilder().width(PANEL).height(PANEL)
                .title(title + ", labelled " + label).xAxisTitle("column").yAxisTitle("row").build();
        digit.getStyler().setShowValue(false).setRangeColors(new Color[] {Color.WHITE, Color.BLACK}).setMin(0)
                .setMax(1);
        digit.getStyler().setLegendVisible(false);
        digit.getStyler().setPlotContentSize(1.0);
        digit.getStyler().setChartBackgroundColor(Color.WHITE);
        List<Integer> columns = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        for (int i = 0; i < 28; i++) {
            columns.add(i);
            rows.add(27 - i);
        }
        List<Number[]> values = new ArrayList<>();
        for (int row = 0; row < 28; row++) {
            for (int column = 0; column < 28; column++) {
                values.add(new Number[] {column, 27 - row, pixels[row * 28 + column]});
            }
        }
        digit.addSeries("pixels", columns, rows, values);

        CategoryChart bars = new CategoryChartBuilder().width(PANEL).height(PANEL)
                .title(String.format(Locale.ROOT, "predicted %d (%.3f), true %d", predicted,
                        probabilities[predicted], label))
                .xAxisTitle("class").yAxisTitle("probability").build();
        bars.getStyler().setOverlapped(true);
        bars.getStyler().setYAxisMin(0.0);
        bars.getStyler().setYAxisMax(1.0);
        bars.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        bars.getStyler().setChartBackgroundColor(Color.WHITE);
        List<String> classes = new ArrayList<>();
        List<Double> others = new ArrayList<>();
        List<Double> predictedBar = new ArrayList<>();
        List<Double> trueBar = new ArrayList<>();
        for (int c = 0; c < probabilities.length; c++) {
            classes.add(String.valueOf(c));
            others.add(c == predicted || c == label ? 0.0 : probabilities[c]);
            predictedBar.add(c == predicted ? probabilities[c] : 0.0);
            trueBar.add(c == label && c != predicted ? probabilities[c] : 0.0);
        }
        bars.addSeries("other classes", classes, others).setFillColor(Color.LIGHT_GRAY);
        bars.addSeries(predicted == label ? "predicted = true class" : "predicted", classes, predictedBar)
                .setFillColor(new Color(31, 119, 180));
        if (predicted != label) {
            bars.addSeries("true class", classes, trueBar).setFillColor(new Color(44, 160, 44));
        }

        HistoryPlot.writePng(List.of(digit, bars), png);
    }

    /** {@code [0.004, 0.000, ...]}, three decimals per class. */
    public static String format(float[] probabilities) {
        StringJoiner joined = new StringJoiner(", ", "[", "]");
        for (float p : probabilities) {
            joined.add(String.format(Locale.ROOT, "%.3f", p));
        }
        return joined.toString();
    }

    public static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
