package dev.fusenet.spark;

import dev.fusenet.runtime.Evaluation;
import dev.fusenet.runtime.metrics.PredictionMetric;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One partition's part of an evaluation: its loss times its rows, and the metrics' counts, which merge exactly
 * into the whole data set's.
 */
record EvaluationPart(double lossSum, long rows, List<PredictionMetric> metrics) implements Serializable {

    static EvaluationPart empty() {
        return new EvaluationPart(0, 0, List.of());
    }

    EvaluationPart plus(EvaluationPart other) {
        if (rows == 0) {
            return other;
        }
        if (other.rows == 0) {
            return this;
        }
        for (int i = 0; i < metrics.size(); i++) {
            metrics.get(i).merge(other.metrics.get(i));
        }
        return new EvaluationPart(lossSum + other.lossSum, rows + other.rows, metrics);
    }

    Evaluation evaluation() {
        Map<String, Double> results = new LinkedHashMap<>();
        for (PredictionMetric metric : metrics) {
            results.put(metric.name(), metric.result());
        }
        return new Evaluation(rows == 0 ? 0 : lossSum / rows, results);
    }
}
