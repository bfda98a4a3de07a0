package dev.fusenet.onnx;

import dev.fusenet.annotations.Activation;
import dev.fusenet.model.Window;
import dev.fusenet.runtime.compiled.Conv2DLayer;
import java.util.ArrayList;
import java.util.List;

/** The ONNX form of the Conv2D layer kind, which {@link OnnxExport} writes. */
final class Conv2DOnnx implements OnnxForm<Conv2DLayer> {

    /** Conv in channels-first with the kernel as (filters, in, kh, kw), explicit pads; then the activation. */
    @Override
    public void write(OnnxExport export, Conv2DLayer layer, List<OnnxExport.Value> reads, boolean last) {
        export.toChannelsFirst();
        String name = layer.name();
        Window.Placement at = layer.placement();
        int in = layer.inputShape().dim(2);
        int filters = layer.units();
        float[] keras = export.weights.next().toFloatArray();
        float[] onnx = new float[keras.length];
        for (int y = 0; y < at.height(); y++) {
            for (int x = 0; x < at.width(); x++) {
                for (int c = 0; c < in; c++) {
                    for (int f = 0; f < filters; f++) {
                        onnx[((f * in + c) * at.height() + y) * at.width() + x] =
                                keras[((y * at.width() + x) * in + c) * filters + f];
                    }
                }
            }
        }
        export.graph.addInitializer(Protos.floats(name + ".kernel", new long[] {filters, in, at.height(), at.width()},
                onnx));
        List<String> inputs = new ArrayList<>(List.of(export.current, name + ".kernel"));
        if (layer.useBias()) {
            export.graph.addInitializer(Protos.floats(name + ".bias", new long[] {filters},
                    export.weights.next().toFloatArray()));
            inputs.add(name + ".bias");
        }
        String linear = layer.activation() == Activation.LINEAR ? name + ".out" : name + ".linear";
        export.graph.addNode(Protos.node("Conv", name, inputs, linear,
                Protos.ints("kernel_shape", at.height(), at.width()),
                Protos.ints("strides", at.strideHeight(), at.strideWidth()),
                Protos.ints("pads", OnnxExport.pads(at)),
                Protos.ints("dilations", at.dilationHeight(), at.dilationWidth()),
                Protos.integer("group", 1)));
        export.current = linear;
        export.activation(name, layer.activation(), last);
    }
}
