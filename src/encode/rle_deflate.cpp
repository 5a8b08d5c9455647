#include "rle_deflate.hpp"

#include <libdeflate.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <numeric>

namespace plotcluster::detail {
namespace {

constexpr int litlen_symbols = 286;  // 0..255 literals, 256 end of block, 257..285 lengths
constexpr int end_of_block = 256;
constexpr int max_bits = 15;         // deflate's limit for literal/length and distance codes
constexpr int max_codelen_bits = 7;  // and for the code-length code

// Length 3..258 -> its symbol (257..285), extra bit count and extra value (RFC 1951 3.2.5).
struct LengthCode {
    std::uint16_t symbol;
    std::uint8_t extra_bits;
    std::uint16_t extra;
};

constexpr std::array<LengthCode, 259> make_length_codes() {
    constexpr int base[29] = {3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27,
                              31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
    constexpr int bits[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2,
                              2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
    std::array<LengthCode, 259> table{};
    for (int code = 0; code < 29; ++code) {
        const int last = code == 28 ? 258 : std::min(base[code] + (1 << bits[code]) - 1, 257);
        for (int len = base[code]; len <= last; ++len) {
            table[static_cast<std::size_t>(len)] = {static_cast<std::uint16_t>(257 + code),
                                                    static_cast<std::uint8_t>(bits[code]),
                                                    static_cast<std::uint16_t>(len - base[code])};
        }
    }
    return table;
}
constexpr std::array<LengthCode, 259> length_codes = make_length_codes();

// Code lengths for `freq` (0 = unused), no longer than `limit`: Huffman's construction,
// then too-long codes shortened and the Kraft sum restored by lengthening the longest
// shorter ones (the method of zlib and miniz). Fewer than two used symbols get two codes
// of length 1, which every inflater accepts.
void huffman_lengths(const std::uint32_t* freq, int n, int limit, std::uint8_t* lengths) {
    std::fill(lengths, lengths + n, 0);
    std::vector<int> used;
    for (int s = 0; s < n; ++s) {
        if (freq[s] > 0) used.push_back(s);
    }
    if (used.size() < 2) {
        const int only = used.empty() ? 0 : used[0];
        lengths[only] = 1;
        lengths[only == 0 ? 1 : 0] = 1;
        return;
    }
    // Least frequent first; ties by symbol, so the result never depends on sort details.
    std::sort(used.begin(), used.end(), [&](int a, int b) {
        return freq[a] != freq[b] ? freq[a] < freq[b] : a < b;
    });
    // Huffman's two-queue construction over the sorted leaves: parent[i] of each node.
    const std::size_t leaves = used.size();
    std::vector<std::uint64_t> weight(2 * leaves - 1);
    std::vector<std::size_t> parent(2 * leaves - 1, 0);
    for (std::size_t i = 0; i < leaves; ++i) weight[i] = freq[used[i]];
    std::size_t next_leaf = 0, next_inner = leaves, made = leaves;
    auto take = [&]() {
        if (next_leaf < leaves && (next_inner >= made || weight[next_leaf] <= weight[next_inner])) {
            return next_leaf++;
        }
        return next_inner++;
    };
    while (made < 2 * leaves - 1) {
        const std::size_t a = take(), b = take();
        weight[made] = weight[a] + weight[b];
        parent[a] = parent[b] = made;
        ++made;
    }
    std::vector<int> depth(2 * leaves - 1, 0);
    std::array<int, 64> count{};  // leaves per depth
    for (std::size_t i = 2 * leaves - 1; i-- > 0;) {
        if (i != 2 * leaves - 2) depth[i] = depth[parent[i]] + 1;
        if (i < leaves) ++count[static_cast<std::size_t>(std::min(depth[i], 63))];
    }
    // Limit the depth, keeping sum(count[d] * 2^-d) == 1.
    for (int d = limit + 1; d < 64; ++d) {
        count[static_cast<std::size_t>(limit)] += count[static_cast<std::size_t>(d)];
        count[static_cast<std::size_t>(d)] = 0;
    }
    std::uint64_t kraft = 0;
    for (int d = 1; d <= limit; ++d) kraft += static_cast<std::uint64_t>(count[static_cast<std::size_t>(d)]) << (limit - d);
    while (kraft > (std::uint64_t{1} << limit)) {
        --count[static_cast<std::size_t>(limit)];
        for (int d = limit - 1; d > 0; --d) {
            if (count[static_cast<std::size_t>(d)] > 0) {
                --count[static_cast<std::size_t>(d)];
                count[static_cast<std::size_t>(d) + 1] += 2;
                break;
            }
        }
        --kraft;
    }
    // The most frequent symbols get the shortest codes.
    std::size_t i = leaves;
    for (int d = 1; d <= limit; ++d) {
        for (int k = 0; k < count[static_cast<std::size_t>(d)]; ++k) lengths[used[--i]] = static_cast<std::uint8_t>(d);
    }
}

// Canonical codes for `lengths` (RFC 1951 3.2.2), bit-reversed for LSB-first output.
void canonical_codes(const std::uint8_t* lengths, int n, std::uint16_t* codes) {
    std::array<int, 16> count{}, next{};
    for (int s = 0; s < n; ++s) ++count[lengths[s]];
    count[0] = 0;
    int code = 0;
    for (int bits = 1; bits <= max_bits; ++bits) {
        code = (code + count[static_cast<std::size_t>(bits) - 1]) << 1;
        next[static_cast<std::size_t>(bits)] = code;
    }
    for (int s = 0; s < n; ++s) {
        const int len = lengths[s];
        if (len == 0) continue;
        int c = next[static_cast<std::size_t>(len)]++, reversed = 0;
        for (int b = 0; b < len; ++b, c >>= 1) reversed = (reversed << 1) | (c & 1);
        codes[s] = static_cast<std::uint16_t>(reversed);
    }
}

// Writes bits LSB first into memory sized beforehand for the worst case.
class BitWriter {
public:
    explicit BitWriter(std::uint8_t* out) : start_(out), out_(out) {}
    void put(std::uint32_t bits, int count) {  // count <= 32
        buffer_ |= static_cast<std::uint64_t>(bits) << filled_;
        filled_ += count;
        if (filled_ >= 32) {
            const auto word = static_cast<std::uint32_t>(buffer_);
            for (int k = 0; k < 4; ++k) *out_++ = static_cast<std::uint8_t>(word >> (8 * k));
            buffer_ >>= 32;
            filled_ -= 32;
        }
    }
    // Pads the last byte with zero bits; returns the bytes written.
    std::size_t finish() {
        for (; filled_ > 0; filled_ -= 8) {
            *out_++ = static_cast<std::uint8_t>(buffer_);
            buffer_ >>= 8;
        }
        return static_cast<std::size_t>(out_ - start_);
    }

private:
    std::uint8_t* start_;
    std::uint8_t* out_;
    std::uint64_t buffer_ = 0;
    int filled_ = 0;
};

// A token: a literal byte (< 256) or a match of distance 1 with length token - 256 + 3.
using Token = std::uint16_t;
constexpr Token match_base = 256;

// Bytes from `from` on that equal `value`, at most `limit`; 8 at a time while it can.
std::size_t run_length(const std::uint8_t* from, std::size_t limit, std::uint8_t value) {
    const std::uint64_t pattern = 0x0101010101010101ull * value;
    std::size_t n = 0;
    while (n + 8 <= limit) {
        std::uint64_t word;
        std::memcpy(&word, from + n, 8);
        const std::uint64_t diff = word ^ pattern;
        if (diff != 0) return n + static_cast<std::size_t>(__builtin_ctzll(diff) / 8);  // little-endian
        n += 8;
    }
    while (n < limit && from[n] == value) ++n;
    return n;
}

// The first index j >= from (from >= 1) with in[j] == in[j - 1], or n: 8 bytes at a time
// while it can (a zero byte of in[j..] ^ in[j-1..] marks one; the lowest flag of the
// usual zero-byte test is always a true zero).
std::size_t next_repeat(const std::uint8_t* in, std::size_t from, std::size_t n) {
    constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    std::size_t j = from;
    for (; j + 8 <= n; j += 8) {
        std::uint64_t here, before;
        std::memcpy(&here, in + j, 8);
        std::memcpy(&before, in + j - 1, 8);
        const std::uint64_t diff = here ^ before;
        const std::uint64_t zero = (diff - ones) & ~diff & highs;
        if (zero != 0) return j + static_cast<std::size_t>(__builtin_ctzll(zero) / 8);  // little-endian
    }
    while (j < n && in[j] != in[j - 1]) ++j;
    return j;
}

}  // namespace

std::size_t rle_zlib_compress(const std::uint8_t* in, std::size_t n, std::vector<std::uint8_t>& out) {
    static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "run_length reads words little-endian");
    thread_local std::vector<Token> tokens;
    tokens.clear();
    tokens.reserve(n / 4 + 16);
    std::array<std::uint32_t, litlen_symbols> freq{};
    // Tokens: a byte repeating the one before it starts a run (a match at distance 1).
    for (std::size_t i = 0; i < n;) {
        if (i > 0 && in[i] == in[i - 1]) {
            const std::size_t run = run_length(in + i, std::min<std::size_t>(n - i, 258), in[i - 1]);
            if (run >= 3) {
                tokens.push_back(static_cast<Token>(match_base + run - 3));
                ++freq[length_codes[run].symbol];
                i += run;
                continue;
            }
        }
        // A literal, and the ones after it up to the next byte that repeats its
        // predecessor (only such a byte can start a run).
        const std::size_t end = next_repeat(in, i + 1, n);
        for (std::size_t k = i; k < end; ++k) {
            tokens.push_back(in[k]);
            ++freq[in[k]];
        }
        i = end;
    }
    freq[end_of_block] = 1;

    std::array<std::uint8_t, litlen_symbols> lit_len{};
    std::array<std::uint16_t, litlen_symbols> lit_code{};
    huffman_lengths(freq.data(), litlen_symbols, max_bits, lit_len.data());
    canonical_codes(lit_len.data(), litlen_symbols, lit_code.data());
    // Two distance codes of one bit each: distance 1 (code 0) and an unused one, so the
    // distance code is complete.
    const std::uint8_t dist_len[2] = {1, 1};
    int hlit = litlen_symbols;
    while (hlit > 257 && lit_len[static_cast<std::size_t>(hlit) - 1] == 0) --hlit;

    // The code lengths of both codes, run-length coded with symbols 16, 17 and 18.
    std::vector<std::uint8_t> all(lit_len.begin(), lit_len.begin() + hlit);
    all.insert(all.end(), dist_len, dist_len + 2);
    struct Cl {
        std::uint8_t symbol, extra;
    };
    std::vector<Cl> cl;
    std::array<std::uint32_t, 19> cl_freq{};
    for (std::size_t i = 0; i < all.size();) {
        const std::uint8_t v = all[i];
        std::size_t run = 1;
        while (i + run < all.size() && all[i + run] == v) ++run;
        std::size_t left = run;
        if (v == 0) {
            while (left >= 11) {
                const std::size_t k = std::min<std::size_t>(left, 138);
                cl.push_back({18, static_cast<std::uint8_t>(k - 11)});
                left -= k;
            }
            if (left >= 3) {
                cl.push_back({17, static_cast<std::uint8_t>(left - 3)});
                left = 0;
            }
        } else {
            cl.push_back({v, 0});
            --left;
            while (left >= 3) {
                const std::size_t k = std::min<std::size_t>(left, 6);
                cl.push_back({16, static_cast<std::uint8_t>(k - 3)});
                left -= k;
            }
        }
        for (; left > 0; --left) cl.push_back({v, 0});
        i += run;
    }
    for (const Cl& c : cl) ++cl_freq[c.symbol];
    std::array<std::uint8_t, 19> cl_len{};
    std::array<std::uint16_t, 19> cl_code{};
    huffman_lengths(cl_freq.data(), 19, max_codelen_bits, cl_len.data());
    canonical_codes(cl_len.data(), 19, cl_code.data());
    static constexpr std::uint8_t cl_order[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5,
                                                  11, 4, 12, 3, 13, 2, 14, 1, 15};
    int hclen = 19;
    while (hclen > 4 && cl_len[cl_order[hclen - 1]] == 0) --hclen;

    // At most 15 + 5 + 1 bits a token, the header well under 1 KiB, then Adler-32.
    const std::size_t bound = 2 + (tokens.size() + 1) * 21 / 8 + 1024 + 4;
    if (out.size() < bound) out.resize(bound);
    out[0] = 0x78;  // zlib: deflate, 32K window
    out[1] = 0x01;  // fastest-level flag; the check bits make 0x7801 a multiple of 31
    BitWriter bits(out.data() + 2);
    bits.put(1, 1);  // the final block
    bits.put(2, 2);  // dynamic Huffman codes
    bits.put(static_cast<std::uint32_t>(hlit - 257), 5);
    bits.put(2 - 1, 5);
    bits.put(static_cast<std::uint32_t>(hclen - 4), 4);
    for (int k = 0; k < hclen; ++k) bits.put(cl_len[cl_order[k]], 3);
    for (const Cl& c : cl) {
        bits.put(cl_code[c.symbol], cl_len[c.symbol]);
        if (c.symbol == 16) bits.put(c.extra, 2);
        if (c.symbol == 17) bits.put(c.extra, 3);
        if (c.symbol == 18) bits.put(c.extra, 7);
    }
    for (const Token t : tokens) {
        if (t < match_base) {
            bits.put(lit_code[t], lit_len[t]);
            continue;
        }
        const LengthCode& lc = length_codes[t - match_base + 3];
        bits.put(static_cast<std::uint32_t>(lit_code[lc.symbol]) | (static_cast<std::uint32_t>(lc.extra) << lit_len[lc.symbol]),
                 lit_len[lc.symbol] + lc.extra_bits);
        bits.put(0, 1);  // distance code 0: distance 1
    }
    bits.put(lit_code[end_of_block], lit_len[end_of_block]);
    std::size_t size = 2 + bits.finish();
    const std::uint32_t adler = libdeflate_adler32(1, in, n);
    for (int k = 3; k >= 0; --k) out[size++] = static_cast<std::uint8_t>(adler >> (8 * k));
    return size;
}

}  // namespace plotcluster::detail
