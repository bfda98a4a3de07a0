package dev.fusenet.onnx;

import dev.fusenet.runtime.Layer;
import java.util.List;

/**
 * How one layer kind is written into an ONNX graph: its initializers and nodes, reading {@link OnnxExport#current}
 * (its first input, in the layout {@link OnnxExport#channelsFirst} says) and leaving its output there. Each kind's
 * form is a file of its own ({@code DenseOnnx}, {@code MergeOnnx}), registered in {@link OnnxExport}.
 */
interface OnnxForm<L extends Layer> {

    /** Writes {@code layer}, which reads {@code inputs}; {@code last} for the model's output layer. */
    void write(OnnxExport export, L layer, List<OnnxExport.Value> inputs, boolean last);
}
