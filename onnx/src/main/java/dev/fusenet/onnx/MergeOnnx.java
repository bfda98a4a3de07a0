package dev.fusenet.onnx;

import dev.fusenet.runtime.compiled.MergeLayer;
import java.util.List;

/**
 * The ONNX form of the merge layer kinds (Add, Subtract, Multiply, Average, Maximum, Minimum), which
 * {@link OnnxExport} writes.
 */
final class MergeOnnx implements OnnxForm<MergeLayer> {

    /**
     * An element-wise merge: its inputs in one layout (channels-first where any already is, so no image goes back
     * and forth), then {@code Sum}, {@code Sub}, {@code Mul}, {@code Mean}, {@code Max} or {@code Min}.
     */
    @Override
    public void write(OnnxExport export, MergeLayer layer, List<OnnxExport.Value> inputs, boolean last) {
        List<String> names = export.sameLayout(inputs);
        String output = layer.name() + ".out";
        String name = layer.name();
        switch (layer.operation()) {
            case ADD -> export.graph.addNode(Protos.node(names.size() == 2 ? "Add" : "Sum", name, names, output));
            case SUBTRACT -> export.graph.addNode(Protos.node("Sub", name, names, output));
            case AVERAGE -> export.graph.addNode(Protos.node("Mean", name, names, output));
            case MAXIMUM -> export.graph.addNode(Protos.node("Max", name, names, output));
            case MINIMUM -> export.graph.addNode(Protos.node("Min", name, names, output));
            case MULTIPLY -> {
                // Mul is binary: fold left to right, as Keras does
                String product = names.get(0);
                for (int k = 1; k < names.size(); k++) {
                    String next = k == names.size() - 1 ? output : name + ".product" + k;
                    export.graph.addNode(Protos.node("Mul", k == names.size() - 1 ? name : name + ".mul" + k,
                            List.of(product, names.get(k)), next));
                    product = next;
                }
            }
        }
        export.current = output;
    }
}
