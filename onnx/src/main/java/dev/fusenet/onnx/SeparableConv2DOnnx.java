package dev.fusenet.onnx;

import dev.fusenet.annotations.Activation;
import dev.fusenet.runtime.compiled.SeparableConv2DLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * The ONNX form of the SeparableConv2D layer kind, as PyTorch writes the pattern: the depthwise stage as a grouped
 * {@code Conv} without bias, the pointwise stage as a 1×1 {@code Conv} with the bias (its kernel from Keras's
 * (1, 1, in · m, filters) to ONNX's (filters, in · m, 1, 1)), then the activation.
 */
final class SeparableConv2DOnnx implements OnnxForm<SeparableConv2DLayer> {

    @Override
    public void write(OnnxExport export, SeparableConv2DLayer layer, List<OnnxExport.Value> reads, boolean last) {
        export.toChannelsFirst();
        String name = layer.name();
        float[] depthwise = export.weights.next().toFloatArray();
        long[] depthwiseShape = layer.weights().get(0).shape();
        DepthwiseConv2DOnnx.groupedConv(export, name, name + ".depthwise", layer.depthwise().placement(),
                depthwiseShape, depthwise, null, name + ".middle");
        long[] pointwiseShape = layer.weights().get(1).shape();
        int middle = (int) pointwiseShape[2];
        int filters = (int) pointwiseShape[3];
        float[] keras = export.weights.next().toFloatArray();
        float[] onnx = new float[keras.length];
        for (int m = 0; m < middle; m++) {
            for (int f = 0; f < filters; f++) {
                onnx[f * middle + m] = keras[m * filters + f];
            }
        }
        export.graph.addInitializer(Protos.floats(name + ".pointwise_kernel", new long[] {filters, middle, 1, 1},
                onnx));
        List<String> inputs = new ArrayList<>(List.of(name + ".middle", name + ".pointwise_kernel"));
        if (layer.weights().size() > 2) {
            export.graph.addInitializer(Protos.floats(name + ".bias", new long[] {filters},
                    export.weights.next().toFloatArray()));
            inputs.add(name + ".bias");
        }
        String linear = layer.activation() == Activation.LINEAR ? name + ".out" : name + ".linear";
        export.graph.addNode(Protos.node("Conv", name, inputs, linear, Protos.ints("kernel_shape", 1, 1)));
        export.current = linear;
        export.activation(name, layer.activation(), last);
    }
}
