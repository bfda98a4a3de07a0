package dev.fusenet.onnx;

import dev.fusenet.runtime.compiled.BatchNormalizationLayer;
import java.util.List;

/**
 * The ONNX form of the BatchNormalization layer kind: ONNX's inference {@code BatchNormalization} with the moving
 * statistics, over axis 1, so an image goes channels-first first; a missing gamma or beta (scale or center off)
 * is written as ones or zeros, which ONNX requires.
 */
final class BatchNormalizationOnnx implements OnnxForm<BatchNormalizationLayer> {

    @Override
    public void write(OnnxExport export, BatchNormalizationLayer layer, List<OnnxExport.Value> reads, boolean last) {
        long[] shape = layer.outputShape();
        if (shape.length == 2) {
            throw new IllegalArgumentException("ONNX export: " + layer.name() + " normalises the last axis of "
                    + "(height, width) values, which ONNX's BatchNormalization (over axis 1) cannot express; give the "
                    + "images a channel axis");
        }
        if (shape.length == 3) {
            export.toChannelsFirst();
        }
        int channels = (int) shape[shape.length - 1];
        String name = layer.name();
        long[] perChannel = {channels};
        float[] gamma = new float[channels];
        java.util.Arrays.fill(gamma, 1f);
        float[] beta = new float[channels];
        for (var weight : layer.weights()) {
            float[] values = export.weights.next().toFloatArray();
            switch (weight.name()) {
                case "gamma" -> gamma = values;
                case "beta" -> beta = values;
                default -> export.graph.addInitializer(Protos.floats(name + "." + weight.name(), perChannel,
                        values));
            }
        }
        export.graph.addInitializer(Protos.floats(name + ".gamma", perChannel, gamma));
        export.graph.addInitializer(Protos.floats(name + ".beta", perChannel, beta));
        String output = export.channelsFirst ? name + ".out" : OnnxExport.valueName(name, last);
        export.graph.addNode(Protos.node("BatchNormalization", name, List.of(export.current, name + ".gamma",
                name + ".beta", name + ".moving_mean", name + ".moving_variance"), output,
                Protos.real("epsilon", (float) layer.epsilon()), Protos.real("momentum", (float) layer.momentum())));
        export.current = output;
        export.finishImage(last);
    }
}
