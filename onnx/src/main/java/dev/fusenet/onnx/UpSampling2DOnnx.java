package dev.fusenet.onnx;

import dev.fusenet.runtime.compiled.UpSampling2DLayer;
import java.util.List;

/**
 * The ONNX form of the UpSampling2D layer kind: {@code Resize} of the channels-first map by its factors, nearest,
 * with the asymmetric coordinates and the floor that make output pixel y read input pixel y / factor, as Keras.
 */
final class UpSampling2DOnnx implements OnnxForm<UpSampling2DLayer> {

    @Override
    public void write(OnnxExport export, UpSampling2DLayer layer, List<OnnxExport.Value> reads, boolean last) {
        export.toChannelsFirst();
        String name = layer.name();
        export.graph.addInitializer(Protos.floats(name + ".scales", new long[] {4},
                new float[] {1f, 1f, layer.heightFactor(), layer.widthFactor()}));
        String output = name + ".out";
        // opset 13's Resize: X, roi (unused for these coordinates, left empty), scales
        export.graph.addNode(Protos.node("Resize", name, List.of(export.current, "", name + ".scales"), output,
                Protos.string("mode", "nearest"), Protos.string("coordinate_transformation_mode", "asymmetric"),
                Protos.string("nearest_mode", "floor")));
        export.current = output;
        export.finishImage(last);
    }
}
