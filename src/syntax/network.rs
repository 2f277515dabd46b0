//! The **network**: spaCy's `fr_core_news_sm` layers, run forward on one
//! sentence at a time. A shared tok2vec (hash embeddings of six lexical
//! attributes, a maxout, four residual window-convolution layers) gives
//! each word a 96-float vector; the morphologizer reads the word class and
//! morphology off it with a linear layer, and the parser projects it for its
//! precomputed hidden layer, which scores the transitions of each state.
//!
//! The arithmetic follows thinc's layers (`hashembed`, `maxout`,
//! `layernorm`, `expand_window`, `residual`, `with_array(pad=4)`) and
//! spaCy's `parser_model.pyx` (`predict_states`) so that the same weights
//! give the same decisions; a test checks that against spaCy itself.

use std::path::Path;

use ndarray::linalg::general_mat_mul;
use ndarray::{ArrayView2, ArrayViewMut2, Axis, Slice};

use crate::syntax::features;
use crate::syntax::weights::{Param, Weights};
use crate::syntax::SyntaxError;

/// `c += a · wᵀ` on views, `w` being `n_out × k` however it is strided.
fn gemm_acc(a: ArrayView2<'_, f32>, w: ArrayView2<'_, f32>, c: &mut ArrayViewMut2<'_, f32>) {
    general_mat_mul(1.0, &a, &w.reversed_axes(), 1.0, c);
}

/// `out[r] = W · x[r]` (plus nothing: callers add biases) for `rows` rows
/// of `n_in` floats, with `W` stored `n_out × n_in` as thinc stores it.
fn gemm_xwt(x: &[f32], rows: usize, n_in: usize, w: &[f32], n_out: usize, out: &mut [f32]) {
    debug_assert_eq!(x.len(), rows * n_in);
    debug_assert_eq!(w.len(), n_out * n_in);
    debug_assert_eq!(out.len(), rows * n_out);
    if rows == 0 {
        return;
    }
    // ndarray hands this to matrixmultiply's kernels (AVX or FMA where the
    // processor has them) behind a safe interface.
    let a = ArrayView2::from_shape((rows, n_in), x).expect("rows × n_in");
    let b = ArrayView2::from_shape((n_out, n_in), w)
        .expect("n_out × n_in")
        .reversed_axes();
    let mut c = ArrayViewMut2::from_shape((rows, n_out), out).expect("rows × n_out");
    general_mat_mul(1.0, &a, &b, 0.0, &mut c);
}

/// A maxout layer: `pieces` affine maps, their maximum.
struct Maxout {
    w: Vec<f32>,
    b: Vec<f32>,
    n_out: usize,
    pieces: usize,
    n_in: usize,
}

impl Maxout {
    fn forward(&self, x: &[f32], rows: usize, scratch: &mut Vec<f32>, out: &mut [f32]) {
        let wide = self.n_out * self.pieces;
        scratch.clear();
        scratch.resize(rows * wide, 0.0);
        gemm_xwt(x, rows, self.n_in, &self.w, wide, scratch);
        for r in 0..rows {
            let row = &mut scratch[r * wide..(r + 1) * wide];
            for (v, b) in row.iter_mut().zip(&self.b) {
                *v += b;
            }
            for o in 0..self.n_out {
                let pieces = &row[o * self.pieces..(o + 1) * self.pieces];
                out[r * self.n_out + o] = first_max(pieces).1;
            }
        }
    }
}

impl Maxout {
    /// The layer over each row beside its two neighbours (thinc's
    /// `expand_window(1)`, zeros past the ends), without building the
    /// tripled rows: the three thirds of the weights meet the rows shifted
    /// by one either way.
    fn forward_window(&self, x: &[f32], rows: usize, scratch: &mut Vec<f32>, out: &mut [f32]) {
        let width = self.n_in / 3;
        let wide = self.n_out * self.pieces;
        scratch.clear();
        scratch.resize(rows * wide, 0.0);
        if rows > 0 {
            let xs = ArrayView2::from_shape((rows, width), x).expect("rows × width");
            let w = ArrayView2::from_shape((wide, self.n_in), self.w.as_slice()).expect("wide × n_in");
            let mut c = ArrayViewMut2::from_shape((rows, wide), scratch.as_mut_slice()).expect("rows × wide");
            let third = |k: usize| w.slice_axis(Axis(1), Slice::from(k * width..(k + 1) * width));
            let rows_of = |range: std::ops::Range<usize>| Slice::from(range);
            // The row before: rows 1.. read rows ..rows-1.
            gemm_acc(
                xs.slice_axis(Axis(0), rows_of(0..rows - 1)),
                third(0),
                &mut c.slice_axis_mut(Axis(0), rows_of(1..rows)),
            );
            gemm_acc(xs, third(1), &mut c);
            // The row after: rows ..rows-1 read rows 1...
            gemm_acc(
                xs.slice_axis(Axis(0), rows_of(1..rows)),
                third(2),
                &mut c.slice_axis_mut(Axis(0), rows_of(0..rows - 1)),
            );
        }
        for r in 0..rows {
            let row = &mut scratch[r * wide..(r + 1) * wide];
            for (v, b) in row.iter_mut().zip(&self.b) {
                *v += b;
            }
            for o in 0..self.n_out {
                out[r * self.n_out + o] = first_max(&row[o * self.pieces..(o + 1) * self.pieces]).1;
            }
        }
    }
}

/// The index and value of the first maximum, as numpy's and spaCy's
/// `arg_max` break ties.
fn first_max(values: &[f32]) -> (usize, f32) {
    let mut best = (0, values[0]);
    for (i, &v) in values.iter().enumerate().skip(1) {
        if v > best.1 {
            best = (i, v);
        }
    }
    best
}

/// thinc's layer normalisation: each row centred, scaled to unit variance
/// (plus 1e-8), then multiplied by `g` and shifted by `b`.
struct LayerNorm {
    g: Vec<f32>,
    b: Vec<f32>,
}

impl LayerNorm {
    fn forward(&self, rows: &mut [f32]) {
        let width = self.g.len();
        for row in rows.chunks_exact_mut(width) {
            let n = width as f32;
            let mean = row.iter().sum::<f32>() / n;
            let var = row.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / n + 1e-8;
            let scale = var.powf(-0.5);
            for ((v, g), b) in row.iter_mut().zip(&self.g).zip(&self.b) {
                *v = (*v - mean) * scale * g + b;
            }
        }
    }
}

/// A hash-embedding table.
struct HashEmbed {
    table: Vec<f32>,
    rows: u32,
    seed: u32,
}

/// Pretrained word vectors and their projection to the tok2vec's width:
/// thinc's `StaticVectors`, keyed by a word's exact spelling; a word
/// without a vector contributes zeros.
struct StaticVectors {
    rows: std::collections::HashMap<u64, u32>,
    table: Vec<f32>,
    dims: usize,
    projection: Vec<f32>,
}

impl StaticVectors {
    fn read(vocab: &Path, projection: Param) -> Result<StaticVectors, SyntaxError> {
        let vectors_path = vocab.join("vectors");
        let bytes = std::fs::read(&vectors_path).map_err(|e| SyntaxError::io(&vectors_path, e))?;
        let (shape, table) = crate::syntax::weights::npy_f32(&bytes).map_err(|why| SyntaxError::Format {
            path: vectors_path.clone(),
            why,
        })?;
        let key_path = vocab.join("key2row");
        let bytes = std::fs::read(&key_path).map_err(|e| SyntaxError::io(&key_path, e))?;
        let value = rmpv::decode::read_value(&mut bytes.as_slice()).map_err(|e| SyntaxError::Format {
            path: key_path.clone(),
            why: e.to_string(),
        })?;
        let rows = value
            .as_map()
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| Some((k.as_u64()?, v.as_u64()? as u32)))
                    .collect()
            })
            .unwrap_or_default();
        let dims = shape.get(1).copied().unwrap_or(0);
        if projection.shape.get(1) != Some(&dims) {
            return Err(SyntaxError::Format {
                path: vectors_path,
                why: format!(
                    "vectors of {dims} floats for a projection of {:?}",
                    projection.shape
                ),
            });
        }
        Ok(StaticVectors {
            rows,
            table,
            dims,
            projection: projection.data,
        })
    }

    /// The projected vectors of `keys`, `width` floats each, in one matrix
    /// product.
    fn project(&self, keys: &[u64], width: usize) -> Vec<f32> {
        let mut gathered = vec![0.0f32; keys.len() * self.dims];
        for (dst, key) in gathered.chunks_exact_mut(self.dims).zip(keys) {
            if let Some(&row) = self.rows.get(key) {
                dst.copy_from_slice(&self.table[row as usize * self.dims..][..self.dims]);
            }
        }
        let mut out = vec![0.0f32; keys.len() * width];
        gemm_xwt(
            &gathered,
            keys.len(),
            self.dims,
            &self.projection,
            width,
            &mut out,
        );
        out
    }
}

/// The shared token-to-vector layer.
pub struct Tok2Vec {
    /// Words' embeddings by spelling and following space, as computed.
    cache: std::sync::Mutex<EmbeddingCache>,
    embeds: Vec<HashEmbed>,
    vectors: Option<StaticVectors>,
    mix: Maxout,
    mix_norm: LayerNorm,
    layers: Vec<(Maxout, LayerNorm)>,
    width: usize,
}

/// Embeddings by a word's spelling key and whether a space follows it.
type EmbeddingCache = std::collections::HashMap<(u64, u64), Box<[f32]>>;

/// How many words' embeddings the cache keeps (about 40 MB) before it
/// starts afresh; a news corpus's vocabulary mostly fits.
const CACHED_WORDS: usize = 100_000;

/// Rows of zeros thinc's `with_array(pad=4)` puts on each side of a
/// sentence before the window layers; they are computed through the layers
/// like words, and the words beside them see what they become.
const PAD: usize = 4;

impl Tok2Vec {
    /// Reads `tok2vec/model`, and for a model with static vectors (the
    /// `md` pipelines) the vectors of `vocab/`.
    pub fn read(path: &Path, vocab: &Path) -> Result<Tok2Vec, SyntaxError> {
        let mut weights = Weights::read(path)?;
        let bad = |why: String| SyntaxError::Format {
            path: path.to_path_buf(),
            why,
        };
        // The layers of each kind in the order thinc wrote them; sm and md
        // write the kinds in different orders, the layers of a kind in the
        // same one: the embedding's mix first, then the four window layers.
        let embeds: Vec<HashEmbed> = weights
            .take_all("hashembed", "E")
            .into_iter()
            .map(|e| HashEmbed {
                rows: e.shape[0] as u32,
                seed: e.attr("seed").unwrap_or_default() as u32,
                table: e.data,
            })
            .collect();
        let projection = weights.take_all("static_vectors", "W").pop();
        let (ws, bs) = (weights.take_all("maxout", "W"), weights.take_all("maxout", "b"));
        let (gs, lbs) = (
            weights.take_all("layernorm", "G"),
            weights.take_all("layernorm", "b"),
        );
        weights.finish()?;
        if embeds.len() != 6 || ws.len() != 5 || bs.len() != 5 || gs.len() != 5 || lbs.len() != 5 {
            return Err(bad(format!(
                "{} embeddings and {} maxout layers: not a tok2vec this reads",
                embeds.len(),
                ws.len()
            )));
        }
        let mut maxouts = ws.into_iter().zip(bs).map(|(w, b)| Maxout {
            n_out: w.shape[0],
            pieces: w.shape[1],
            n_in: w.shape[2],
            w: w.data,
            b: b.data,
        });
        let mut norms = gs
            .into_iter()
            .zip(lbs)
            .map(|(g, b)| LayerNorm { g: g.data, b: b.data });
        let mix = maxouts.next().expect("five maxouts");
        let mix_norm = norms.next().expect("five norms");
        let layers: Vec<(Maxout, LayerNorm)> = maxouts.zip(norms).collect();
        let width = mix.n_out;
        let vectors = match projection {
            Some(w) => Some(StaticVectors::read(vocab, w)?),
            None => None,
        };
        let concat = width * (embeds.len() + usize::from(vectors.is_some()));
        if mix.n_in != concat {
            return Err(bad(format!(
                "the embedding mix reads {} floats, the embeddings give {concat}",
                mix.n_in
            )));
        }
        Ok(Tok2Vec {
            cache: Default::default(),
            embeds,
            vectors,
            mix,
            mix_norm,
            layers,
            width,
        })
    }

    /// The embedding of each word, before the window layers: its hash
    /// embeddings and static vector, mixed by a maxout and normalised.
    fn embed(&self, attrs: &[[u64; 6]], orths: &[u64]) -> Vec<f32> {
        let n = attrs.len();
        let w = self.width;
        let parts = self.embeds.len() + usize::from(self.vectors.is_some());
        let mut concat = vec![0.0f32; n * w * parts];
        let projected = self.vectors.as_ref().map(|v| v.project(orths, w));
        for (t, a) in attrs.iter().enumerate() {
            if let Some(projected) = &projected {
                concat[(t * parts + self.embeds.len()) * w..][..w]
                    .copy_from_slice(&projected[t * w..(t + 1) * w]);
            }
            for (c, embed) in self.embeds.iter().enumerate() {
                let out = &mut concat[(t * parts + c) * w..][..w];
                for key in features::hash_embed_keys(a[c], embed.seed) {
                    let row = (key % embed.rows) as usize;
                    for (o, e) in out.iter_mut().zip(&embed.table[row * w..(row + 1) * w]) {
                        *o += e;
                    }
                }
            }
        }
        let mut mixed = vec![0.0f32; n * w];
        let mut scratch = Vec::new();
        self.mix.forward(&concat, n, &mut scratch, &mut mixed);
        self.mix_norm.forward(&mut mixed);
        mixed
    }

    /// The width of a word's vector.
    pub fn width(&self) -> usize {
        self.width
    }

    /// One vector per word, `width` floats each, from the words' six
    /// attributes and, for a model with static vectors, their spelling's
    /// key (`ORTH`), for several sentences at once: `lengths` says how many
    /// of the words are each sentence's. As thinc lays out a batch, four
    /// rows of zeros stand before, between and after the sentences; they
    /// keep each sentence's vectors exactly what it would get alone, since
    /// four window layers of width one see no further.
    pub fn forward(&self, attrs: &[[u64; 6]], orths: &[u64], lengths: &[usize]) -> Vec<f32> {
        let n = attrs.len();
        let w = self.width;
        // A word's embedding does not depend on its neighbours: each word
        // seen before takes it from the cache, the others are computed in
        // one batch.
        let keys: Vec<(u64, u64)> = orths.iter().zip(attrs).map(|(&o, a)| (o, a[4])).collect();
        let mut mixed = vec![0.0f32; n * w];
        let mut missing = Vec::new();
        {
            let cache = self
                .cache
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            for (t, key) in keys.iter().enumerate() {
                match cache.get(key) {
                    Some(v) => mixed[t * w..(t + 1) * w].copy_from_slice(v),
                    None => missing.push(t),
                }
            }
        }
        if !missing.is_empty() {
            let fresh = self.embed(
                &missing.iter().map(|&t| attrs[t]).collect::<Vec<_>>(),
                &missing.iter().map(|&t| orths[t]).collect::<Vec<_>>(),
            );
            let mut cache = self
                .cache
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if cache.len() > CACHED_WORDS {
                cache.clear();
            }
            for (i, &t) in missing.iter().enumerate() {
                let v = &fresh[i * w..(i + 1) * w];
                mixed[t * w..(t + 1) * w].copy_from_slice(v);
                cache.insert(keys[t], v.into());
            }
        }
        let mut scratch = Vec::new();
        // The batch's rows: pads, a sentence, pads, the next…
        let total = PAD + lengths.iter().map(|l| l + PAD).sum::<usize>();
        let mut x = vec![0.0f32; total * w];
        let mut starts = Vec::with_capacity(lengths.len());
        let (mut row, mut token) = (PAD, 0);
        for &len in lengths {
            starts.push(row);
            x[row * w..(row + len) * w].copy_from_slice(&mixed[token * w..(token + len) * w]);
            row += len + PAD;
            token += len;
        }
        let mut y = vec![0.0f32; total * w];
        for (maxout, norm) in &self.layers {
            maxout.forward_window(&x, total, &mut scratch, &mut y);
            norm.forward(&mut y);
            for (xv, yv) in x.iter_mut().zip(&y) {
                *xv += yv;
            }
        }
        let mut out = Vec::with_capacity(n * w);
        for (&start, &len) in starts.iter().zip(lengths) {
            out.extend_from_slice(&x[start * w..(start + len) * w]);
        }
        out
    }
}

/// A linear layer.
struct Linear {
    w: Vec<f32>,
    b: Vec<f32>,
    n_out: usize,
    n_in: usize,
}

impl Linear {
    fn read(weights: &mut Weights, node: &str) -> Result<Linear, SyntaxError> {
        let w = weights.take(node, "W", 2)?;
        let b = weights.take(node, "b", 1)?;
        Ok(Linear {
            n_out: w.shape[0],
            n_in: w.shape[1],
            w: w.data,
            b: b.data,
        })
    }

    fn forward(&self, x: &[f32], rows: usize) -> Vec<f32> {
        let mut out = vec![0.0f32; rows * self.n_out];
        gemm_xwt(x, rows, self.n_in, &self.w, self.n_out, &mut out);
        for row in out.chunks_exact_mut(self.n_out) {
            for (v, b) in row.iter_mut().zip(&self.b) {
                *v += b;
            }
        }
        out
    }
}

/// The morphologizer's output layer: a score per label of
/// `morphologizer/cfg`.
pub struct Tagger {
    out: Linear,
}

impl Tagger {
    /// Reads `morphologizer/model`.
    pub fn read(path: &Path) -> Result<Tagger, SyntaxError> {
        let mut weights = Weights::read(path)?;
        let out = Linear::read(&mut weights, "softmax")?;
        weights.finish()?;
        Ok(Tagger { out })
    }

    /// The number of labels.
    pub fn labels(&self) -> usize {
        self.out.n_out
    }

    /// The best label of each word (the softmax does not change which).
    pub fn predict(&self, vectors: &[f32], n: usize) -> Vec<usize> {
        let scores = self.out.forward(vectors, n);
        scores
            .chunks_exact(self.out.n_out)
            .map(|row| first_max(row).0)
            .collect()
    }
}

/// The parser's network: the projection of the word vectors, the
/// precomputable hidden layer and the output layer over transitions.
pub struct ParserNet {
    project: Linear,
    /// `features × hidden × pieces × width`, as thinc stores it.
    hidden_w: Vec<f32>,
    hidden_b: Vec<f32>,
    /// What an absent context token contributes, per feature.
    pad: Vec<f32>,
    features: usize,
    hidden: usize,
    pieces: usize,
    upper: Linear,
}

/// A sentence's words as the parser's hidden layer sees them: each word's
/// contribution to each feature slot, computed once.
pub struct Precomputed {
    values: Vec<f32>,
    stride: usize,
}

impl ParserNet {
    /// Reads `parser/model`.
    pub fn read(path: &Path) -> Result<ParserNet, SyntaxError> {
        // thinc writes the nodes breadth first: the hidden layer, the
        // output layer, then the projection inside the tok2vec branch.
        let mut weights = Weights::read(path)?;
        let w = weights.take("precomputable_affine", "W", 4)?;
        let b = weights.take("precomputable_affine", "b", 2)?;
        let pad = weights.take("precomputable_affine", "pad", 4)?;
        let upper = Linear::read(&mut weights, "linear")?;
        let project = Linear::read(&mut weights, "linear")?;
        weights.finish()?;
        let (features, hidden, pieces) = (w.shape[0], w.shape[1], w.shape[2]);
        Ok(ParserNet {
            project,
            hidden_w: w.data,
            hidden_b: b.data,
            pad: pad.data,
            features,
            hidden,
            pieces,
            upper,
        })
    }

    /// The number of classes the output layer scores.
    pub fn classes(&self) -> usize {
        self.upper.n_out
    }

    /// The number of context tokens of a state.
    pub fn features(&self) -> usize {
        self.features
    }

    /// Each word's contribution to every feature slot of the hidden layer.
    pub fn precompute(&self, vectors: &[f32], n: usize) -> Precomputed {
        let projected = self.project.forward(vectors, n);
        let stride = self.features * self.hidden * self.pieces;
        let mut values = vec![0.0f32; n * stride];
        gemm_xwt(
            &projected,
            n,
            self.project.n_out,
            &self.hidden_w,
            stride,
            &mut values,
        );
        Precomputed { values, stride }
    }

    /// The scores of every class for a state whose context tokens are
    /// `context` (-1 where absent).
    pub fn score(&self, words: &Precomputed, context: &[i32], hidden: &mut Vec<f32>, scores: &mut [f32]) {
        let slot = self.hidden * self.pieces;
        hidden.clear();
        hidden.resize(slot, 0.0);
        for (f, &token) in context.iter().enumerate() {
            let src = if token < 0 {
                &self.pad[f * slot..(f + 1) * slot]
            } else {
                &words.values[token as usize * words.stride + f * slot..][..slot]
            };
            for (h, v) in hidden.iter_mut().zip(src) {
                *h += v;
            }
        }
        for (h, b) in hidden.iter_mut().zip(&self.hidden_b) {
            *h += b;
        }
        let maxed: Vec<f32> = hidden
            .chunks_exact(self.pieces)
            .map(|pieces| first_max(pieces).1)
            .collect();
        for (c, score) in scores.iter_mut().enumerate() {
            let w = &self.upper.w[c * self.hidden..(c + 1) * self.hidden];
            *score = w.iter().zip(&maxed).map(|(a, b)| a * b).sum::<f32>() + self.upper.b[c];
        }
    }
}
