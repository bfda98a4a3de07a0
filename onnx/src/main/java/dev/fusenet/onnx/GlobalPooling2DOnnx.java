package dev.fusenet.onnx;

import dev.fusenet.model.GlobalPooling2DSpec;
import dev.fusenet.runtime.compiled.GlobalPooling2DLayer;
import java.util.List;

/**
 * The ONNX form of the global pooling kinds: {@code GlobalAveragePool} or {@code GlobalMaxPool} on the
 * channels-first map, (batch, channels, 1, 1), then {@code Flatten} to (batch, channels) unless the layer keeps
 * the spatial axes.
 */
final class GlobalPooling2DOnnx implements OnnxForm<GlobalPooling2DLayer> {

    @Override
    public void write(OnnxExport export, GlobalPooling2DLayer layer, List<OnnxExport.Value> reads, boolean last) {
        export.toChannelsFirst();
        String name = layer.name();
        String operator = layer.kind() == GlobalPooling2DSpec.Kind.MAX ? "GlobalMaxPool" : "GlobalAveragePool";
        boolean keepdims = layer.outputShape().length == 3;
        String pooled = keepdims ? name + ".out" : name + ".pooled";
        export.graph.addNode(Protos.node(operator, name, List.of(export.current), pooled));
        export.current = pooled;
        if (keepdims) {
            export.finishImage(last);
            return;
        }
        // (batch, channels, 1, 1) flattens to the channels in the same order channels-first or last
        String output = OnnxExport.valueName(name, last);
        export.graph.addNode(Protos.node("Flatten", name + ".flatten", List.of(pooled), output,
                Protos.integer("axis", 1)));
        export.current = output;
        export.channelsFirst = false;
    }
}
