package dev.fusenet.runtime.compiled;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lending inference buffers: a returned set is lent again for its batch size; only the newest few are kept. */
class InferenceBuffersTest {

    @Test
    void aReturnedSetIsLentAgainForItsBatchSizeOnly() {
        InferenceBuffers<float[]> buffers = new InferenceBuffers<>(float[]::new);
        float[] one = buffers.borrow(1);
        float[] other = buffers.borrow(1);
        assertNotSame(one, other, "a set lent is not lent twice");
        buffers.release(1, one);
        assertNotSame(one, buffers.borrow(32));
        assertSame(one, buffers.borrow(1));
        assertEquals(0, buffers.freeCount());
    }

    @Test
    void keepsTheMostRecentlyReturnedSets() {
        InferenceBuffers<float[]> buffers = new InferenceBuffers<>(float[]::new);
        List<float[]> sets = new ArrayList<>();
        for (int rows = 1; rows <= InferenceBuffers.KEPT + 3; rows++) {
            sets.add(buffers.borrow(rows));
        }
        for (int rows = 1; rows <= sets.size(); rows++) {
            buffers.release(rows, sets.get(rows - 1));
        }
        assertEquals(InferenceBuffers.KEPT, buffers.freeCount());
        assertNotSame(sets.get(0), buffers.borrow(1), "the oldest were let go");
        assertNotSame(sets.get(2), buffers.borrow(3));
        for (int rows = 4; rows <= sets.size(); rows++) {
            assertSame(sets.get(rows - 1), buffers.borrow(rows), "rows " + rows);
        }
        assertEquals(0, buffers.freeCount());
    }
}
