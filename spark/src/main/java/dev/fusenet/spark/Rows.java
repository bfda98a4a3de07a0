package dev.fusenet.spark;

import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import scala.collection.Seq;

/**
 * A DataFrame's feature and label columns as {@link Sample}s. Features: a Spark ML {@code Vector} or an array of
 * numbers; labels: a number (class index or value), or a Vector or array.
 */
final class Rows {

    private Rows() {
    }

    static JavaRDD<Sample> samples(Dataset<Row> data, String features, String label) {
        List<String> columns = List.of(data.columns());
        for (String column : List.of(features, label)) {
            if (!columns.contains(column)) {
                throw new IllegalArgumentException("SparkFit: the data has no column \"" + column + "\"; it has "
                        + columns + " (set featuresColumn and labelColumn)");
            }
        }
        return data.select(features, label).toJavaRDD()
                .map(row -> new Sample(floats(row.get(0), features), floats(row.get(1), label)));
    }

    /** A cell as floats: a number, a Vector, or an array of numbers. */
    static float[] floats(Object cell, String column) {
        if (cell instanceof Number number) {
            return new float[] {number.floatValue()};
        }
        if (cell instanceof Vector vector) {
            double[] values = vector.toArray();
            float[] floats = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                floats[i] = (float) values[i];
            }
            return floats;
        }
        if (cell instanceof Seq<?> seq) {
            float[] floats = new float[seq.length()];
            for (int i = 0; i < floats.length; i++) {
                floats[i] = ((Number) seq.apply(i)).floatValue();
            }
            return floats;
        }
        if (cell instanceof List<?> list) {
            float[] floats = new float[list.size()];
            for (int i = 0; i < floats.length; i++) {
                floats[i] = ((Number) list.get(i)).floatValue();
            }
            return floats;
        }
        throw new IllegalArgumentException("SparkFit: column \"" + column + "\" holds "
                + (cell == null ? "null" : cell.getClass().getName()) + "; it needs numbers, a Vector or an array "
                + "of numbers");
    }
}
