//! The **weights** of a spaCy pipeline component as thinc saves them: a
//! MessagePack map of the model's nodes, each with its parameters as numpy
//! arrays (`{nd, type, kind, shape, data}`). This module reads them into
//! plain `f32` arrays in node order; `network` gives them meaning.

use std::path::{Path, PathBuf};

use rmpv::Value;

use crate::syntax::SyntaxError;

/// One parameter array of one node.
#[derive(Debug)]
pub struct Param {
    /// The node's name (`maxout`, `layernorm`, `hashembed`, `linear`…).
    pub node: String,
    /// The parameter's name within its node (`W`, `b`, `E`, `G`, `pad`).
    pub name: String,
    /// Its shape, outermost first.
    pub shape: Vec<usize>,
    /// Its values, row-major.
    pub data: Vec<f32>,
    /// The node's integer attributes (a hash embedding's `seed`, `column`).
    pub attrs: Vec<(String, i64)>,
}

/// The parameters of a component's model, in the order of its nodes.
pub struct Weights {
    path: PathBuf,
    params: Vec<Param>,
    next: usize,
    /// Parameters taken by [`Weights::take_all`].
    taken: usize,
}

impl Weights {
    /// Reads `path`, a thinc model file.
    pub fn read(path: &Path) -> Result<Weights, SyntaxError> {
        let bytes = std::fs::read(path).map_err(|e| SyntaxError::io(path, e))?;
        let bad = |why: &str| SyntaxError::Format {
            path: path.to_path_buf(),
            why: why.to_string(),
        };
        let root = rmpv::decode::read_value(&mut bytes.as_slice()).map_err(|e| bad(&e.to_string()))?;
        let nodes = get(&root, "nodes")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("no nodes"))?;
        let params = get(&root, "params")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("no params"))?;
        let attrs = get(&root, "attrs")
            .and_then(Value::as_array)
            .ok_or_else(|| bad("no attrs"))?;
        let mut out = Vec::new();
        for ((node, node_params), node_attrs) in nodes.iter().zip(params).zip(attrs) {
            let node_name = get(node, "name").and_then(Value::as_str).unwrap_or_default();
            let ints = integer_attrs(node_attrs);
            let Some(map) = node_params.as_map() else { continue };
            for (key, array) in map {
                let name = key.as_str().ok_or_else(|| bad("a parameter without a name"))?;
                let (shape, data) =
                    array_of(array).map_err(|why| bad(&format!("{node_name}.{name}: {why}")))?;
                out.push(Param {
                    node: node_name.to_string(),
                    name: name.to_string(),
                    shape,
                    data,
                    attrs: ints.clone(),
                });
            }
        }
        Ok(Weights {
            path: path.to_path_buf(),
            params: out,
            next: 0,
            taken: 0,
        })
    }

    /// The next parameter, which must belong to a node named `node`, be
    /// named `name` and have `dims` dimensions: the network takes the
    /// parameters in the order thinc wrote them, and any other layout is a
    /// model it was not written for.
    pub fn take(&mut self, node: &str, name: &str, dims: usize) -> Result<Param, SyntaxError> {
        let found = self
            .params
            .get_mut(self.next)
            .map(|p| std::mem::replace(p, Param::empty()));
        self.next += 1;
        match found {
            Some(p) if p.node == node && p.name == name && p.shape.len() == dims => Ok(p),
            Some(p) => Err(self.unexpected(&format!(
                "expected {node}.{name} ({dims} dimensions), found {}.{} {:?}",
                p.node, p.name, p.shape
            ))),
            None => Err(self.unexpected(&format!("expected {node}.{name}, found the end"))),
        }
    }

    /// Every remaining parameter of the nodes named `node` named `name`, in
    /// the order thinc wrote them, for models whose layers of one kind are
    /// told apart by their order alone.
    pub fn take_all(&mut self, node: &str, name: &str) -> Vec<Param> {
        let mut out = Vec::new();
        for p in &mut self.params[self.next..] {
            if p.node == node && p.name == name {
                out.push(std::mem::replace(p, Param::empty()));
                self.taken += 1;
            }
        }
        out
    }

    /// Checks that every parameter was taken.
    pub fn finish(self) -> Result<(), SyntaxError> {
        let left = self.params.len() - self.next - self.taken;
        if left == 0 {
            Ok(())
        } else {
            Err(self.unexpected(&format!("{left} parameters left over")))
        }
    }

    fn unexpected(&self, why: &str) -> SyntaxError {
        SyntaxError::Format {
            path: self.path.clone(),
            why: why.to_string(),
        }
    }
}

impl Param {
    fn empty() -> Param {
        Param {
            node: String::new(),
            name: String::new(),
            shape: Vec::new(),
            data: Vec::new(),
            attrs: Vec::new(),
        }
    }
}

/// A node's attributes that are integers: thinc writes each attribute
/// value as MessagePack bytes of its own.
fn integer_attrs(attrs: &Value) -> Vec<(String, i64)> {
    let Some(map) = attrs.as_map() else {
        return Vec::new();
    };
    map.iter()
        .filter_map(|(k, v)| {
            let Value::Binary(bytes) = v else { return None };
            let value = rmpv::decode::read_value(&mut bytes.as_slice()).ok()?.as_i64()?;
            Some((k.as_str()?.to_string(), value))
        })
        .collect()
}

impl Param {
    /// The integer attribute `name` of the parameter's node.
    pub fn attr(&self, name: &str) -> Option<i64> {
        self.attrs.iter().find(|(k, _)| k == name).map(|&(_, v)| v)
    }
}

/// The value under a string key of a MessagePack map (keys written as str
/// or as bin, as numpy's encoder does).
pub fn get<'a>(map: &'a Value, key: &str) -> Option<&'a Value> {
    map.as_map()?.iter().find_map(|(k, v)| {
        let matches = match k {
            Value::String(s) => s.as_str() == Some(key),
            Value::Binary(b) => b.as_slice() == key.as_bytes(),
            _ => false,
        };
        matches.then_some(v)
    })
}

/// A numpy array as msgpack-numpy encodes it; only little-endian `f4`.
fn array_of(value: &Value) -> Result<(Vec<usize>, Vec<f32>), String> {
    let kind = get(value, "type").ok_or("not an array")?;
    let kind = match kind {
        Value::String(s) => s.as_str().unwrap_or_default().to_string(),
        Value::Binary(b) => String::from_utf8_lossy(b).into_owned(),
        _ => String::new(),
    };
    if kind != "<f4" {
        return Err(format!("dtype {kind}, expected <f4"));
    }
    let shape: Vec<usize> = get(value, "shape")
        .and_then(Value::as_array)
        .ok_or("no shape")?
        .iter()
        .map(|d| d.as_u64().map(|d| d as usize).ok_or("a bad dimension"))
        .collect::<Result<_, _>>()?;
    let data = match get(value, "data") {
        Some(Value::Binary(b)) => b,
        _ => return Err("no data".into()),
    };
    let n: usize = shape.iter().product();
    if data.len() != n * 4 {
        return Err(format!("{} bytes for shape {shape:?}", data.len()));
    }
    let floats = data
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    Ok((shape, floats))
}

/// A `.npy` file of little-endian `f4` in C order: its shape and values.
pub fn npy_f32(bytes: &[u8]) -> Result<(Vec<usize>, Vec<f32>), String> {
    if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" {
        return Err("not a .npy file".into());
    }
    let (header_len, start) = match bytes[6] {
        1 => (u16::from_le_bytes([bytes[8], bytes[9]]) as usize, 10),
        _ => (
            u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize,
            12,
        ),
    };
    let header = std::str::from_utf8(bytes.get(start..start + header_len).ok_or("a short header")?)
        .map_err(|e| e.to_string())?;
    if !header.contains("'<f4'") || header.contains("'fortran_order': True") {
        return Err(format!("only C-ordered <f4 arrays are read: {header}"));
    }
    let shape_text = header
        .split("'shape':")
        .nth(1)
        .and_then(|s| s.split(['(', ')']).nth(1))
        .ok_or("no shape")?;
    let shape: Vec<usize> = shape_text
        .split(',')
        .map(str::trim)
        .filter(|d| !d.is_empty())
        .map(|d| d.parse().map_err(|_| format!("a bad dimension {d:?}")))
        .collect::<Result<_, _>>()?;
    let data = &bytes[start + header_len..];
    let n: usize = shape.iter().product();
    if data.len() != n * 4 {
        return Err(format!("{} bytes for shape {shape:?}", data.len()));
    }
    Ok((
        shape,
        data.chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect(),
    ))
}
