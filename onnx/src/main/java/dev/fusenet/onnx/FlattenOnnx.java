package dev.fusenet.onnx;

import dev.fusenet.runtime.compiled.FlattenLayer;
import java.util.List;

/** The ONNX form of the Flatten layer kind, which {@link OnnxExport} writes. */
final class FlattenOnnx implements OnnxForm<FlattenLayer> {


    @Override
    public void write(OnnxExport export, FlattenLayer layer, List<OnnxExport.Value> reads, boolean last) {
        export.toChannelsLast(layer.name() + ".nhwc");
        String output = OnnxExport.valueName(layer.name(), last);
        export.graph.addNode(Protos.node("Flatten", layer.name(), List.of(export.current), output,
                Protos.integer("axis", 1)));
        export.current = output;
    }
}
