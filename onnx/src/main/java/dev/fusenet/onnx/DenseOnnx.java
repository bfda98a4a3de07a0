package dev.fusenet.onnx;

import dev.fusenet.annotations.Activation;
import dev.fusenet.runtime.compiled.DenseLayer;
import java.util.ArrayList;
import java.util.List;

/** The ONNX form of the Dense layer kind, which {@link OnnxExport} writes. */
final class DenseOnnx implements OnnxForm<DenseLayer> {

    /** Gemm(x, kernel (in, units), bias), or MatMul without a bias; then the activation. */
    @Override
    public void write(OnnxExport export, DenseLayer layer, List<OnnxExport.Value> reads, boolean last) {
        String name = layer.name();
        float[] kernel = export.weights.next().toFloatArray();
        export.graph.addInitializer(Protos.floats(name + ".kernel", new long[] {layer.inputs(), layer.units()},
                kernel));
        List<String> inputs = new ArrayList<>(List.of(export.current, name + ".kernel"));
        if (layer.useBias()) {
            export.graph.addInitializer(Protos.floats(name + ".bias", new long[] {layer.units()},
                    export.weights.next().toFloatArray()));
            inputs.add(name + ".bias");
        }
        String linear = layer.activation() == Activation.LINEAR ? OnnxExport.valueName(name, last)
                : name + ".linear";
        export.graph.addNode(Protos.node(layer.useBias() ? "Gemm" : "MatMul", name, inputs, linear));
        export.current = linear;
        export.activation(name, layer.activation(), last);
    }
}
