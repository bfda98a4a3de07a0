package dev.fusenet.onnx;

import dev.fusenet.runtime.compiled.LayerNormalizationLayer;
import java.util.List;

/**
 * The ONNX form of the LayerNormalization layer kind. Opset 13 has no LayerNormalization operator (it is opset
 * 17's), so the formula is written out over the channels, in whichever layout the value has: {@code ReduceMean},
 * {@code Sub}, the mean of the squares, {@code Add(ε)}, {@code Sqrt}, {@code Div}, then {@code Mul(gamma)} and
 * {@code Add(beta)} where the layer has them.
 */
final class LayerNormalizationOnnx implements OnnxForm<LayerNormalizationLayer> {

    @Override
    public void write(OnnxExport export, LayerNormalizationLayer layer, List<OnnxExport.Value> reads, boolean last) {
        String name = layer.name();
        long[] shape = layer.outputShape();
        int channels = (int) shape[shape.length - 1];
        // the channels are axis 1 of a channels-first image, else the last; gamma and beta broadcast along them
        long axis = export.channelsFirst ? 1 : -1;
        long[] perChannel = export.channelsFirst ? new long[] {channels, 1, 1} : new long[] {channels};
        String x = export.current;
        export.graph.addNode(Protos.node("ReduceMean", name + ".mean", List.of(x), name + ".mean",
                Protos.ints("axes", axis), Protos.integer("keepdims", 1)));
        export.graph.addNode(Protos.node("Sub", name + ".centre", List.of(x, name + ".mean"), name + ".centred"));
        export.graph.addNode(Protos.node("Mul", name + ".square", List.of(name + ".centred", name + ".centred"),
                name + ".squared"));
        export.graph.addNode(Protos.node("ReduceMean", name + ".variance", List.of(name + ".squared"),
                name + ".variance", Protos.ints("axes", axis), Protos.integer("keepdims", 1)));
        export.graph.addInitializer(Protos.scalar(name + ".epsilon", (float) layer.epsilon()));
        export.graph.addNode(Protos.node("Add", name + ".plus_epsilon", List.of(name + ".variance",
                name + ".epsilon"), name + ".variance_epsilon"));
        export.graph.addNode(Protos.node("Sqrt", name + ".sqrt", List.of(name + ".variance_epsilon"),
                name + ".deviation"));
        String output = export.channelsFirst ? name + ".out" : OnnxExport.valueName(name, last);
        List<String> names = layer.weights().stream().map(w -> w.name()).toList();
        String normalised = names.isEmpty() ? output : name + ".normalised";
        export.graph.addNode(Protos.node("Div", name + ".normalise", List.of(name + ".centred", name + ".deviation"),
                normalised));
        String value = normalised;
        for (int w = 0; w < names.size(); w++) {
            String weight = names.get(w);
            float[] values = export.weights.next().toFloatArray();
            export.graph.addInitializer(Protos.floats(name + "." + weight, perChannel, values));
            String next = w == names.size() - 1 ? output : name + "." + weight + "d";
            export.graph.addNode(Protos.node(weight.equals("gamma") ? "Mul" : "Add", name + "." + weight + ".apply",
                    List.of(value, name + "." + weight), next));
            value = next;
        }
        export.current = output;
        export.finishImage(last);
    }
}
