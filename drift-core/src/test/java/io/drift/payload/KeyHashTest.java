package io.drift.payload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyHashTest {

    static long hash(String s, int probe) {
        return KeyHash.hash(s.getBytes(StandardCharsets.UTF_8), probe);
    }

    /** Published vectors of MurmurHash3_x64_128 (the h1 half), as Guava's tests of murmur3_128 list them. */
    @Test
    void publishedVectors() {
        assertEquals(0L, hash("", 0));
        assertEquals(0xcbd8a7b341bd9b02L, hash("hello", 0));
        assertEquals(0x629942693e10f867L, hash("hell", 0));
        assertEquals(0xa78ddff5adae8d10L, hash("hello", 1));
        assertEquals(0x8a486b23f422e826L, hash("hello ", 2));
        assertEquals(0x2ea59f466f6bed8cL, hash("hello w", 3));
        assertEquals(0x79f6305a386c572cL, hash("hello wo", 4));
        assertEquals(0xc2219d213ec1f1b5L, hash("hello wor", 5));
        assertEquals(0xe34bbc7bbc071b6cL, hash("The quick brown fox jumps over the lazy dog", 0));
        assertEquals(0x658ca970ff85269aL, hash("The quick brown fox jumps over the lazy cog", 0));
    }

    /**
     * h1 of the bytes {@code (byte) (i * 37 + 11)}, i = 0..n-1, for n = 0..40 (every tail length,
     * one to two full blocks, bytes above 0x7F) and seeds 0..3, as two independent implementations
     * of the reference algorithm computed them.
     */
    private static final long[][] SEQUENCES = {
        {
            0x0000000000000000L, 0x932fc7cce617f1e7L, 0xcff7e5ae5471b39dL,
            0x6afac0b8de81a4b1L, 0xd3a4eed1b81f9f72L, 0xb0330f40087f990bL,
            0x32d1f10b04077a12L, 0x8340cc686662983bL, 0xf0b144007f89ced7L,
            0xdbb3088eaec8a0b1L, 0x7fc82ef8fd4f371eL, 0xce105a4d0920d564L,
            0x11eea59fafc3bbb8L, 0x3c0bc0c7790cc4e7L, 0x4af05278beeea171L,
            0x2906f047b67f83ffL, 0xda9c66580c5ef0fbL, 0x78b8ee9a775e07d1L,
            0x5022ece9b605f7d8L, 0x40591a6345e2fd5eL, 0xf85aeb21888559f3L,
            0x2c128c13418db6f3L, 0xc0ffc3389f035072L, 0x01b7d4fb84dc53aaL,
            0x8372e2feeb61eb1cL, 0xed9e2943729d5da2L, 0x9fcd422e337cdec4L,
            0x454a6a1202a0fd74L, 0xc2ea419f1d4c02deL, 0x2ab2e5425a3cf241L,
            0xfde530955c73468bL, 0xb1ca061ed4c5532fL, 0xaf7374eb8efe799bL,
            0x08b88a88c3099ba9L, 0x46e6fbb70374f1b8L, 0x3db6d4b9af498f9fL,
            0xaee3ca841fccf7f7L, 0xff4d3072c71df4b3L, 0x5003e0c3f8da178fL,
            0x244221d812da51c7L, 0xbf77aa22e65e7cfcL,
        },
        {
            0x4610abe56eff5cb5L, 0x58388830bfd5b5e4L, 0xd31932f94ce35a69L,
            0x359d66a7d253df41L, 0xe3ded75e7ba17661L, 0x80949d98287f7a8fL,
            0x37a7d5289ba6c0c7L, 0xe84fc87d6a479068L, 0xd9865cbb77112438L,
            0x2afecd87ed737c3eL, 0xc55ebf3d03a08ee9L, 0x75a5d6647bc25818L,
            0x8665985a64ff1151L, 0x9f6dd6b44e4ce75aL, 0x22429c7962127d25L,
            0xf2faeb7f93a1ba3eL, 0x67070958d1d0f6e0L, 0xd971a79a1b8f8147L,
            0xeb99b9f2a884089fL, 0xa5ba89b5dd3e9aa5L, 0x5bbdb90821064b1fL,
            0x30bfc350d1ca94d6L, 0x0d2ba27649a440efL, 0xd28c6d1ed028aa47L,
            0x6119db55729a2655L, 0xf6bfb5dfb18b5ac6L, 0x8d246b4396eceeaeL,
            0x1c19a56d64bc944fL, 0x85d00914e28ffd3eL, 0xc3050ef3658d0fe9L,
            0x4cc4e727182d089bL, 0xc8848a3769943cfaL, 0x842e9ecda469942bL,
            0x610c166472862415L, 0x7c44b638877f7552L, 0x39b47d22d4faff33L,
            0xeae60a78392c152fL, 0xc3aad217593c3ba1L, 0x1b15f0c9f199237cL,
            0xe79e101c015a382aL, 0x7e2c52c1a455d75aL,
        },
        {
            0x3044b81a706c5de8L, 0x29452bc3f411e0f2L, 0x61ffd4f43a558de0L,
            0x275e81ac7184a69cL, 0x3eb6ecd41b46a24fL, 0x02f950ec12d838dfL,
            0xd367dcde5538a78aL, 0x20b9290954d6d710L, 0xdf375b267bdef7beL,
            0xacb795f3a4692ad1L, 0xb4aedf894118ba20L, 0x5218e1ab93bc7b04L,
            0x822c9903c1c17e07L, 0xccc335d0dfb729e6L, 0x940f9f430474cb33L,
            0x1c5b518d04f9fe41L, 0x8f0fa917647d0409L, 0xc05cfbdcff94f97fL,
            0x9b1f19ec1d67d3f0L, 0xd241bb1f927e5f1bL, 0x384c72ca13eb93daL,
            0x1dad4d30eefcf8b2L, 0x071cb3b0a96ea266L, 0xad47eff93b327a0dL,
            0xf8529add2935b71aL, 0x8546c027e5dd8dc1L, 0xafc600849cb8bd42L,
            0x3de20531c78cccf0L, 0xeb955f19951bf89fL, 0x251ffdae1ee2de42L,
            0x93368e20b95dd9f4L, 0x38bc6e3a5f285c7aL, 0x0f0dd390704ea1b9L,
            0x2fcf884d846ac92aL, 0x6ec8adc41da4bc13L, 0x911713d019f79d11L,
            0xaddb58bf59466623L, 0xbb98e9bb79852ac5L, 0x60f92a5879be3c93L,
            0x725e8ace177cb166L, 0xc468065bbab58712L,
        },
        {
            0x79d54dd1bf713748L, 0xe466ffff7b0bd839L, 0x92ec9961239d7103L,
            0x2f92fc6353cb1f80L, 0xab0a38c685a55273L, 0x07cb1c2f01f8c3d6L,
            0xda606b83138b19f6L, 0x50e651b065184c34L, 0xfec6f31745f4dd9cL,
            0x5fb7063f2e8eabbfL, 0xac6701717f61fe28L, 0x2e9eb29028205743L,
            0xbc8725987ccef28dL, 0x2bd3c2020ea08b2cL, 0x0aa0f0feea0f7a7bL,
            0x3efc523f09fd1c31L, 0xca301fe41bdbf400L, 0xaf5fb7723c22fe44L,
            0x9c3155c46135c95cL, 0x7211e1891c6f5506L, 0xeebfda421ae618cbL,
            0x263e4f0b6bc5cc7dL, 0xcc1da854fc5ae0ddL, 0x2a289bb8183aa53fL,
            0x935f20920903211aL, 0x89dfcea5cfc34e28L, 0x456b50ddc012b9dfL,
            0xfb09e7482182359eL, 0x188bea92aefbd587L, 0x07d984847d56db2aL,
            0xed2ca235aceb631fL, 0x704af93959259090L, 0x728a60b45a6c05caL,
            0x9f91463ff2e631e1L, 0x8172ff1c7da35509L, 0xed1ccb6e7bc021e5L,
            0x693392e690114e11L, 0x0500c85d9c0f6134L, 0x75562af6003a571dL,
            0xd859d66dbed1a65eL, 0xb0fb4abb5a13ba87L,
        },
    };

    @Test
    void everyTailLengthAndSeed() {
        for (int seed = 0; seed < SEQUENCES.length; seed++) {
            for (int n = 0; n < SEQUENCES[seed].length; n++) {
                byte[] b = new byte[n];
                for (int i = 0; i < n; i++) {
                    b[i] = (byte) (i * 37 + 11);
                }
                assertEquals(SEQUENCES[seed][n], KeyHash.hash(b, seed), "length " + n + ", seed " + seed);
            }
        }
    }

    @Test
    void probesGiveDifferentHashes() {
        Set<Long> seen = new HashSet<>();
        for (int probe = 0; probe < 16; probe++) {
            seen.add(hash("user-42", probe));
        }
        assertEquals(16, seen.size());
        assertNotEquals(hash("user-42", 0), hash("user-43", 0));
    }

    @Test
    void theHashReadsOnlyTheArraysBytes() {
        byte[] key = "order/2024/0001".getBytes(StandardCharsets.UTF_8);
        long h = KeyHash.hash(key, 0);
        assertEquals(h, KeyHash.hash(key.clone(), 0));
        assertEquals(h, hash("order/2024/0001", 0));
    }
}
