package dev.fusenet.onnx;

import dev.fusenet.runtime.compiled.RescalingLayer;
import java.util.List;

/** The ONNX form of the Rescaling layer kind: {@code Mul} by the scale, then {@code Add} of the offset if any. */
final class RescalingOnnx implements OnnxForm<RescalingLayer> {

    @Override
    public void write(OnnxExport export, RescalingLayer layer, List<OnnxExport.Value> reads, boolean last) {
        String name = layer.name();
        // element-wise by one number: the same in either layout, so the value stays in the one it has
        String output = export.channelsFirst ? name + ".out" : OnnxExport.valueName(name, last);
        String scaled = layer.offset() != 0f ? name + ".scaled" : output;
        export.graph.addInitializer(Protos.scalar(name + ".scale", layer.scale()));
        export.graph.addNode(Protos.node("Mul", name + ".mul", List.of(export.current, name + ".scale"), scaled));
        if (layer.offset() != 0f) {
            export.graph.addInitializer(Protos.scalar(name + ".offset", layer.offset()));
            export.graph.addNode(Protos.node("Add", name + ".add", List.of(scaled, name + ".offset"), output));
        }
        export.current = output;
        export.finishImage(last);
    }
}
