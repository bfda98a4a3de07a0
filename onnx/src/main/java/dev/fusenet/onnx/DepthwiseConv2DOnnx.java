package dev.fusenet.onnx;

import dev.fusenet.model.Window;
import dev.fusenet.runtime.compiled.DepthwiseConv2DLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * The ONNX form of the DepthwiseConv2D layer kind: a grouped {@code Conv}, one group per input channel, whose
 * output channel {@code c · m + k} comes from input channel {@code c}, as Keras's; the kernel goes from Keras's
 * (kh, kw, in, m) to ONNX's (in · m, 1, kh, kw). Then the activation.
 */
final class DepthwiseConv2DOnnx implements OnnxForm<DepthwiseConv2DLayer> {

    @Override
    public void write(OnnxExport export, DepthwiseConv2DLayer layer, List<OnnxExport.Value> reads, boolean last) {
        export.toChannelsFirst();
        String name = layer.name();
        Window.Placement at = layer.placement();
        long[] shape = layer.weights().get(0).shape();
        int kh = (int) shape[0];
        int kw = (int) shape[1];
        int channels = (int) shape[2];
        int multiplier = (int) shape[3];
        float[] keras = export.weights.next().toFloatArray();
        float[] onnx = new float[keras.length];
        for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
                for (int u = 0; u < channels * multiplier; u++) {
                    onnx[(u * kh + ky) * kw + kx] = keras[(ky * kw + kx) * channels * multiplier + u];
                }
            }
        }
        export.graph.addInitializer(Protos.floats(name + ".depthwise_kernel", new long[] {(long) channels * multiplier,
                1, kh, kw}, onnx));
        List<String> inputs = new ArrayList<>(List.of(export.current, name + ".depthwise_kernel"));
        if (layer.weights().size() > 1) {
            export.graph.addInitializer(Protos.floats(name + ".bias", new long[] {(long) channels * multiplier},
                    export.weights.next().toFloatArray()));
            inputs.add(name + ".bias");
        }
        String linear = layer.activation() == dev.fusenet.annotations.Activation.LINEAR ? name + ".out"
                : name + ".linear";
        export.graph.addNode(Protos.node("Conv", name, inputs, linear,
                Protos.ints("kernel_shape", kh, kw), Protos.ints("strides", at.strideHeight(), at.strideWidth()),
                Protos.ints("pads", OnnxExport.pads(at)), Protos.integer("group", channels)));
        export.current = linear;
        export.activation(name, layer.activation(), last);
    }
}
