package dev.fusenet.runtime.training;

import dev.fusenet.runtime.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a {@link History} as the lecture's training curves: the loss (and validation loss) per epoch in one
 * chart, every other metric in a second, side by side in one PNG. Uses XChart, headless.
 */
public final class HistoryPlot {

    private HistoryPlot() {
    }

    /**
     * Writes the curves as a PNG, atomically ({@link AtomicFiles}).
     *
     * @throws IllegalArgumentException when the history is empty
     */
    public static void writePng(History history, Path png) throws IOException {
        if (history.epochs().isEmpty()) {
            throw new IllegalArgumentException("HistoryPlot: the history has no epochs to plot");
        }
        System.setProperty("java.awt.headless", "true");
        List<String> losses = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String key : history.keys()) {
            (key.endsWith("loss") ? losses : others).add(key);
        }
        List<XYChart> charts = new ArrayList<>();
        charts.add(chart("Loss", history, losses));
        if (!others.isEmpty()) {
            charts.add(chart("Metrics", history, others));
        }
        writePng(charts, png);
    }

    /**
     * Writes {@code panels} side by side as one PNG, atomically ({@link AtomicFiles}): what every figure fusenet
     * draws goes through.
     */
    public static void writePng(List<? extends Chart<?, ?>> panels, Path png) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int width = panels.stream().mapToInt(Chart::getWidth).sum();
        int height = panels.stream().mapToInt(Chart::getHeight).max().orElse(0);
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(width, height,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D graphics = image.createGraphics();
        try {
            graphics.setColor(java.awt.Color.WHITE);
            graphics.fillRect(0, 0, width, height);
            int left = 0;
            for (Chart<?, ?> panel : panels) {
                graphics.drawImage(BitmapEncoder.getBufferedImage(panel), left, 0, null);
                left += panel.getWidth();
            }
        } finally {
            graphics.dispose();
        }
        AtomicFiles.write(png, out -> javax.imageio.ImageIO.write(image, "png", out));
    }

    private static XYChart chart(String title, History history, List<String> keys) {
        XYChart chart = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("Epoch").yAxisTitle(title)
                .build();
        chart.getStyler().setDecimalPattern("#0.####");
        chart.getStyler().setXAxisDecimalPattern("0");
        for (String key : keys) {
            List<Integer> epochs = new ArrayList<>();
            for (Integer epoch : history.epochs()) {
                epochs.add(epoch + 1);
            }
            XYSeries series = chart.addSeries(key, epochs, history.get(key));
            series.setMarker(SeriesMarkers.CIRCLE);
        }
        return chart;
    }
}
