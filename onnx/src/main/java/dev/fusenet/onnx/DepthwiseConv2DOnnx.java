package dev.fusenet.onnx;

import dev.fusenet.annotations.Activation;
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
        float[] kernel = export.weights.next().toFloatArray();
        float[] bias = layer.weights().size() > 1 ? export.weights.next().toFloatArray() : null;
        String linear = layer.activation() == Activation.LINEAR ? name + ".out" : name + ".linear";
        groupedConv(export, name, name, layer.placement(), layer.weights().get(0).shape(), kernel, bias, linear);
        export.current = linear;
        export.activation(name, layer.activation(), last);
    }

    /**
     * The grouped {@code Conv} node {@code node} of a depthwise kernel of Keras's {@code shape}, its initializers
     * named after {@code layer}, from the current channels-first value into {@code output}.
     */
    static void groupedConv(OnnxExport export, String layer, String node, Window.Placement at, long[] shape,
                            float[] keras, float[] bias, String output) {
        int kh = (int) shape[0];
        int kw = (int) shape[1];
        int channels = (int) shape[2];
        int units = channels * (int) shape[3];
        float[] onnx = new float[keras.length];
        for (int ky = 0; ky < kh; ky++) {
            for (int kx = 0; kx < kw; kx++) {
                for (int u = 0; u < units; u++) {
                    onnx[(u * kh + ky) * kw + kx] = keras[(ky * kw + kx) * units + u];
                }
            }
        }
        export.graph.addInitializer(Protos.floats(layer + ".depthwise_kernel", new long[] {units, 1, kh, kw}, onnx));
        List<String> inputs = new ArrayList<>(List.of(export.current, layer + ".depthwise_kernel"));
        if (bias != null) {
            export.graph.addInitializer(Protos.floats(layer + ".bias", new long[] {units}, bias));
            inputs.add(layer + ".bias");
        }
        export.graph.addNode(Protos.node("Conv", node, inputs, output, Protos.ints("kernel_shape", kh, kw),
                Protos.ints("strides", at.strideHeight(), at.strideWidth()), Protos.ints("pads", OnnxExport.pads(at)),
                Protos.ints("dilations", at.dilationHeight(), at.dilationWidth()), Protos.integer("group", channels)));
    }
}
