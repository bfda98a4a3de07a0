package dev.fusenet.runtime.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a {@link History} as the lecture's training curves: the loss (and validation loss) per epoch in one
 * chart, every other metric in a second, side by side in one PNG. Uses XChart, headless.
 */
public final class HistoryPlot {

    private HistoryPlot() {
    }

    /**
     * Writes the curves as a PNG, through a temporary file renamed into place.
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
        Path absolute = png.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path partial = Files.createTempFile(absolute.getParent(), absolute.getFileName().toString(), ".part.png");
        try {
            BitmapEncoder.saveBitmap(charts, 1, charts.size(), partial.toString(), BitmapEncoder.BitmapFormat.PNG);
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
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
