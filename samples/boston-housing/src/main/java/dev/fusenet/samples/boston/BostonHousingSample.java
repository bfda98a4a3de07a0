package dev.fusenet.samples.boston;

import dev.fusenet.runtime.Evaluation;
import dev.fusenet.runtime.Tensor;
import dev.fusenet.runtime.data.CsvDatasets;
import dev.fusenet.runtime.data.CsvTable;
import dev.fusenet.runtime.data.DataException;
import dev.fusenet.runtime.data.Normalization;
import dev.fusenet.runtime.io.AtomicFiles;
import dev.fusenet.runtime.training.History;
import dev.fusenet.runtime.training.HistoryPlot;
import dev.fusenet.runtime.training.Verbosity;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The book's regression chapter on the real CSV file: Boston house prices (506 rows, 13 features, the median price
 * MEDV in thousands of dollars) split 80/20 into training and test rows with a fixed seed, as
 * {@code keras.datasets.boston_housing.load_data} splits them; K-fold validation of {@link BostonHousingNet} on the
 * training rows, each fold normalised with the statistics of its own training part, printing the mean validation
 * MAE per epoch and drawing it (the book's figures 4.9 and 4.10); then the network trained on every training row
 * and its MAE on the test rows (the book: about 2.5, i.e. $2,500).
 *
 * <p>Flags: see {@link BostonHousingOptions}. Bad flags or a missing or malformed file print one message, not a
 * stack trace.
 */
public final class BostonHousingSample {

    /** Keras's {@code boston_housing.load_data(test_split=0.2, seed=113)}. */
    static final double TEST_FRACTION = 0.2;
    static final long SPLIT_SEED = 113;
    /** The file's line of its first data row: after the line of counts and the header. */
    static final int DATA_START_LINE = 3;

    private BostonHousingSample() {
    }

    public static void main(String[] args) throws IOException {
        int status = run(System.out, args);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The sample, printing to {@code out}; 2 after printing what is wrong with the flags or the file. */
    static int run(PrintStream out, String... args) throws IOException {
        BostonHousingOptions options;
        CsvTable.Split data;
        try {
            options = BostonHousingOptions.parse(args);
            data = load(options.data());
        } catch (IllegalArgumentException e) { // bad flags, and DataException: a missing or malformed file
            System.err.println("boston-housing: " + e.getMessage());
            return 2;
        }
        out.printf(Locale.ROOT, "%s: %d training rows, %d test rows, %d features%n", options.data(),
                data.training().size(), data.heldOut().size(), data.training().featureCount());

        double[] meanMae = kFoldValidationMae(data.training(), options.folds(), options.epochs(), options.batchSize(),
                options.seed(), out);
        int best = 0;
        for (int epoch = 0; epoch < meanMae.length; epoch++) {
            out.printf(Locale.ROOT, "epoch %3d  mean val MAE %.3f%n", epoch + 1, meanMae[epoch]);
            if (meanMae[epoch] < meanMae[best]) {
                best = epoch;
            }
        }
        out.printf(Locale.ROOT, "lowest mean validation MAE %.3f at epoch %d%n", meanMae[best], best + 1);
        Path figure = options.out().resolve("boston-housing-validation-mae.png");
        writeFigure(meanMae, figure);
        Path testRows = options.out().resolve("boston-housing-test-rows.txt");
        writeTestRows(data.heldOut(), testRows);
        out.println("wrote " + figure.toAbsolutePath() + " and " + testRows.toAbsolutePath());

        double testMae = testMae(data, options.finalEpochs(), options.batchSize(), options.seed());
        out.printf(Locale.ROOT, "test MAE after %d epochs on every training row: %.3f ($%,.0f)%n",
                options.finalEpochs(), testMae, testMae * 1000);
        return 0;
    }

    /**
     * The test rows' positions among the file's data rows (0 for the row after the header), one per line: what a
     * peer (pytorch_boston.py beside this module's pom) reads to test on the same rows.
     */
    static void writeTestRows(CsvTable test, Path file) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int row = 0; row < test.size(); row++) {
            text.append(test.line(row) - DATA_START_LINE).append('\n');
        }
        AtomicFiles.write(file, stream -> stream.write(text.toString().getBytes(StandardCharsets.US_ASCII)));
    }

    /** The file's rows as training and test tables; its first line holds counts, the second the header. */
    static CsvTable.Split load(Path file) {
        CsvTable table = CsvDatasets.read(file, csv -> csv.skipLines(1).labels("MEDV"));
        if (table.featureCount() != 13) {
            throw new DataException(file + " has " + table.featureCount() + " feature columns " + table.featureNames()
                    + "; the Boston housing data has 13 beside MEDV");
        }
        return table.split(TEST_FRACTION, SPLIT_SEED);
    }

    /**
     * The validation MAE of each epoch, averaged over {@code k} folds: each fold's network is trained on the other
     * folds' rows, normalised with their statistics, and validated on the fold's own rows, as the book's loop.
     */
    static double[] kFoldValidationMae(CsvTable training, int k, int epochs, int batchSize, long seed,
                                       PrintStream out) {
        double[] sum = new double[epochs];
        List<CsvTable.Split> folds = training.folds(k);
        for (int fold = 0; fold < k; fold++) {
            CsvTable.Split split = folds.get(fold);
            Normalization norm = Normalization.adapt(split.training().features());
            Tensor validationX = norm.apply(split.heldOut().features());
            Tensor validationY = split.heldOut().labels();
            long foldSeed = seed + fold;
            CompiledBostonHousingNet network = new CompiledBostonHousingNet(foldSeed);
            History history = network.fit(norm.apply(split.training().features()), split.training().labels(),
                    o -> o.epochs(epochs).batchSize(batchSize).seed(foldSeed).verbosity(Verbosity.SILENT)
                            .validationData(validationX, validationY));
            List<Double> mae = history.get("val_mean_absolute_error");
            for (int epoch = 0; epoch < epochs; epoch++) {
                sum[epoch] += mae.get(epoch);
            }
            out.printf(Locale.ROOT, "fold %d of %d: validation MAE %.3f after %d epochs%n", fold + 1, k,
                    mae.get(epochs - 1), epochs);
        }
        double[] mean = new double[epochs];
        for (int epoch = 0; epoch < epochs; epoch++) {
            mean[epoch] = sum[epoch] / k;
        }
        return mean;
    }

    /** The MAE on the test rows of a network trained on every training row, normalised with their statistics. */
    static double testMae(CsvTable.Split data, int epochs, int batchSize, long seed) {
        Normalization norm = Normalization.adapt(data.training().features());
        CompiledBostonHousingNet network = new CompiledBostonHousingNet(seed);
        network.fit(norm.apply(data.training().features()), data.training().labels(),
                o -> o.epochs(epochs).batchSize(batchSize).seed(seed).verbosity(Verbosity.SILENT));
        Evaluation test = network.evaluate(norm.apply(data.heldOut().features()), data.heldOut().labels());
        return test.metric("mean_absolute_error");
    }

    /** The book's two figures side by side: every epoch, and from the eleventh on, where the scale shows the dip. */
    static void writeFigure(double[] meanMae, Path png) throws IOException {
        List<XYChart> panels = new ArrayList<>();
        panels.add(curve("Validation MAE by epoch", meanMae, 0));
        if (meanMae.length > 10) {
            panels.add(curve("Validation MAE by epoch, from epoch 11", meanMae, 10));
        }
        HistoryPlot.writePng(panels, png);
    }

    private static XYChart curve(String title, double[] meanMae, int from) {
        XYChart chart = new XYChartBuilder().width(640).height(420).title(title).xAxisTitle("Epoch")
                .yAxisTitle("Validation MAE ($1000s)").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisDecimalPattern("0");
        List<Integer> epochs = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (int epoch = from; epoch < meanMae.length; epoch++) {
            epochs.add(epoch + 1);
            values.add(meanMae[epoch]);
        }
        chart.addSeries("mean validation MAE", epochs, values).setMarker(SeriesMarkers.NONE);
        return chart;
    }
}
