package dev.fusenet.onnx;

import dev.fusenet.model.Window;
import dev.fusenet.runtime.compiled.Pooling2DLayer;
import dev.fusenet.runtime.compiled.MaxPooling2DLayer;
import dev.fusenet.runtime.compiled.AveragePooling2DLayer;
import java.util.ArrayList;
import java.util.List;

/** The ONNX form of the MaxPooling2D and AveragePooling2D layer kinds, which {@link OnnxExport} writes. */
final class Pooling2DOnnx implements OnnxForm<Pooling2DLayer> {


    @Override
    public void write(OnnxExport export, Pooling2DLayer layer, List<OnnxExport.Value> reads, boolean last) {
        export.toChannelsFirst();
        Window.Placement at = layer.placement();
        boolean max = layer instanceof MaxPooling2DLayer;
        String output = last ? "output.nchw" : layer.name() + ".out";
        // Both ignore padding as Keras does: max pooling pads with -inf, and count_include_pad = 0 makes average
        // pooling divide by the pixels inside the image only.
        List<onnx.Onnx.AttributeProto> attributes = new ArrayList<>(List.of(
                Protos.ints("kernel_shape", at.height(), at.width()),
                Protos.ints("strides", at.strideHeight(), at.strideWidth()),
                Protos.ints("pads", OnnxExport.pads(at))));
        if (layer instanceof AveragePooling2DLayer) {
            attributes.add(Protos.integer("count_include_pad", 0));
        }
        export.graph.addNode(Protos.node(max ? "MaxPool" : "AveragePool", layer.name(), List.of(export.current), output,
                attributes.toArray(onnx.Onnx.AttributeProto[]::new)));
        export.current = output;
        if (last) {
            export.toChannelsLast("output");
        }
    }
}
