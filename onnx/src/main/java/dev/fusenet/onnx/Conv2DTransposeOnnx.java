package dev.fusenet.onnx;

import dev.fusenet.annotations.Activation;
import dev.fusenet.model.Window;
import dev.fusenet.runtime.compiled.Conv2DTransposeLayer;
import java.util.ArrayList;
import java.util.List;

/**
 * The ONNX form of the Conv2DTranspose layer kind: {@code ConvTranspose} on the channels-first map, the kernel from
 * Keras's (kh, kw, filters, in) to ONNX's (in, filters, kh, kw); the pads are those of the convolution it
 * transposes, and {@code output_padding} the rows Keras adds where the kernel is smaller than the stride.
 */
final class Conv2DTransposeOnnx implements OnnxForm<Conv2DTransposeLayer> {

    @Override
    public void write(OnnxExport export, Conv2DTransposeLayer layer, List<OnnxExport.Value> reads, boolean last) {
        export.toChannelsFirst();
        String name = layer.name();
        long[] shape = layer.weights().get(0).shape();
        int kh = (int) shape[0];
        int kw = (int) shape[1];
        int filters = (int) shape[2];
        int channels = (int) shape[3];
        float[] keras = export.weights.next().toFloatArray();
        float[] onnx = new float[keras.length];
        for (int y = 0; y < kh; y++) {
            for (int x = 0; x < kw; x++) {
                for (int f = 0; f < filters; f++) {
                    for (int c = 0; c < channels; c++) {
                        onnx[((c * filters + f) * kh + y) * kw + x] = keras[((y * kw + x) * filters + f) * channels + c];
                    }
                }
            }
        }
        export.graph.addInitializer(Protos.floats(name + ".kernel", new long[] {channels, filters, kh, kw}, onnx));
        List<String> inputs = new ArrayList<>(List.of(export.current, name + ".kernel"));
        if (layer.weights().size() > 1) {
            export.graph.addInitializer(Protos.floats(name + ".bias", new long[] {filters},
                    export.weights.next().toFloatArray()));
            inputs.add(name + ".bias");
        }
        Window.Placement at = layer.placement();
        // the output's size is stride · (in - 1) + kernel - pads + output_padding; Keras's is in · stride with
        // SAME, plus max(kernel - stride, 0) with VALID, which the transposed convolution's own pads give
        long[] pads = OnnxExport.pads(at);
        int[] outputPadding = new int[2];
        long[] size = layer.outputShape();
        int[] in = {at.outputHeight(), at.outputWidth()};
        int[] strides = {at.strideHeight(), at.strideWidth()};
        int[] kernel = {kh, kw};
        for (int axis = 0; axis < 2; axis++) {
            long natural = (long) strides[axis] * (in[axis] - 1) + kernel[axis] - pads[axis] - pads[axis + 2];
            outputPadding[axis] = (int) (size[axis] - natural);
        }
        String linear = layer.activation() == Activation.LINEAR ? name + ".out" : name + ".linear";
        export.graph.addNode(Protos.node("ConvTranspose", name, inputs, linear, Protos.ints("kernel_shape", kh, kw),
                Protos.ints("strides", strides[0], strides[1]), Protos.ints("pads", pads),
                Protos.ints("output_padding", outputPadding[0], outputPadding[1])));
        export.current = linear;
        export.activation(name, layer.activation(), last);
    }
}
