package dev.fusenet.onnx;

import dev.fusenet.runtime.compiled.ActivationLayer;
import java.util.List;

/**
 * The ONNX form of the Activation layer kind: the node (or nodes) of its function on the value it reads, in
 * whichever layout that value has, named after the layer (the import reads the name back); softmax over the
 * channels.
 */
final class ActivationLayerOnnx implements OnnxForm<ActivationLayer> {

    @Override
    public void write(OnnxExport export, ActivationLayer layer, List<OnnxExport.Value> reads, boolean last) {
        export.activation(layer.name(), layer.name(), layer.activation(), last);
    }
}
