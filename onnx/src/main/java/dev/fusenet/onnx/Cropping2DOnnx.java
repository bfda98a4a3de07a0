package dev.fusenet.onnx;

import dev.fusenet.runtime.compiled.Cropping2DLayer;
import java.util.List;

/** The ONNX form of the Cropping2D layer kind: a {@code Slice} of the channels-first map's height and width. */
final class Cropping2DOnnx implements OnnxForm<Cropping2DLayer> {

    @Override
    public void write(OnnxExport export, Cropping2DLayer layer, List<OnnxExport.Value> reads, boolean last) {
        export.toChannelsFirst();
        String name = layer.name();
        int[] sides = layer.sides();
        long[] shape = layer.outputShape();
        // axes 2 and 3 of (batch, channels, height, width), from the first kept row and column to past the last
        export.graph.addInitializer(Protos.longs(name + ".starts", new long[] {2}, new long[] {sides[0], sides[2]}));
        export.graph.addInitializer(Protos.longs(name + ".ends", new long[] {2},
                new long[] {sides[0] + shape[0], sides[2] + shape[1]}));
        export.graph.addInitializer(Protos.longs(name + ".axes", new long[] {2}, new long[] {2, 3}));
        String output = name + ".out";
        export.graph.addNode(Protos.node("Slice", name, List.of(export.current, name + ".starts", name + ".ends",
                name + ".axes"), output));
        export.current = output;
        export.finishImage(last);
    }
}
