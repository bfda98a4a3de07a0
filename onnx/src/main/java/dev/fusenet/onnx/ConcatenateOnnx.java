package dev.fusenet.onnx;

import dev.fusenet.runtime.compiled.ConcatenateLayer;
import java.util.List;

/** The ONNX form of the Concatenate layer kind, which {@link OnnxExport} writes. */
final class ConcatenateOnnx implements OnnxForm<ConcatenateLayer> {

    /** Concat along the axis, renumbered for channels-first images ((n, h, w, c) axis 3 is (n, c, h, w) axis 1). */
    @Override
    public void write(OnnxExport export, ConcatenateLayer layer, List<OnnxExport.Value> inputs, boolean last) {
        List<String> names = export.sameLayout(inputs);
        int axis = layer.sampleAxis() + 1;
        if (export.channelsFirst) {
            axis = new int[] {2, 3, 1}[layer.sampleAxis()];
        }
        export.graph.addNode(Protos.node("Concat", layer.name(), names, layer.name() + ".out",
                Protos.integer("axis", axis)));
        export.current = layer.name() + ".out";
    }
}
