//! The demo district's geography: ten towns and streets, each a lattice of gently jittered
//! quadrilateral grids, so that grids tile their community, communities tile their town, and
//! nothing overlaps or leaves a hole. All coordinates are WGS-84 inside the box around Baoji.

use geo::Coord;
use rand::Rng;
use rand_chacha::ChaCha8Rng;

/// Communities across and down one town, and grids across and down one community.
pub const COMMUNITIES_X: usize = 2;
pub const COMMUNITIES_Y: usize = 5;
pub const GRIDS_X: usize = 3;
pub const GRIDS_Y: usize = 2;

/// The rectangle a town occupies: (west, south, east, north).
pub type Rect = (f64, f64, f64, f64);

/// The five urban streets along the Wei river, then the five towns to their south.
pub fn town_rects() -> Vec<Rect> {
    let streets = (0..5).map(|i| {
        let w = 107.05 + 0.05 * i as f64;
        (w, 34.33, w + 0.05, 34.40)
    });
    let towns = (0..5).map(|i| {
        let w = 106.95 + 0.08 * i as f64;
        (w, 34.22, w + 0.08, 34.33)
    });
    streets.chain(towns).collect()
}

/// Lattice points of one town: interior points jittered, border points kept on the rectangle
/// so that neighbouring towns meet along a straight line.
pub struct Lattice {
    nx: usize,
    ny: usize,
    points: Vec<Coord<f64>>,
}

impl Lattice {
    pub fn new(rect: Rect, rng: &mut ChaCha8Rng) -> Lattice {
        let (nx, ny) = (COMMUNITIES_X * GRIDS_X, COMMUNITIES_Y * GRIDS_Y);
        let (dx, dy) = ((rect.2 - rect.0) / nx as f64, (rect.3 - rect.1) / ny as f64);
        let mut points = Vec::with_capacity((nx + 1) * (ny + 1));
        for j in 0..=ny {
            for i in 0..=nx {
                let interior = i > 0 && i < nx && j > 0 && j < ny;
                let (jx, jy) = if interior {
                    (
                        rng.gen_range(-0.22..0.22) * dx,
                        rng.gen_range(-0.22..0.22) * dy,
                    )
                } else {
                    (0.0, 0.0)
                };
                points.push(Coord {
                    x: round6(rect.0 + i as f64 * dx + jx),
                    y: round6(rect.1 + j as f64 * dy + jy),
                });
            }
        }
        Lattice { nx, ny, points }
    }

    fn at(&self, i: usize, j: usize) -> Coord<f64> {
        self.points[j * (self.nx + 1) + i]
    }

    /// The closed, counter-clockwise ring around cells `i0..i1` × `j0..j1`, passing through
    /// every lattice point on the way so that it shares its vertices with the grids inside.
    pub fn ring(&self, (i0, i1): (usize, usize), (j0, j1): (usize, usize)) -> Vec<[f64; 2]> {
        let mut ring = Vec::new();
        ring.extend((i0..i1).map(|i| self.at(i, j0)));
        ring.extend((j0..j1).map(|j| self.at(i1, j)));
        ring.extend((i0 + 1..=i1).rev().map(|i| self.at(i, j1)));
        ring.extend((j0 + 1..=j1).rev().map(|j| self.at(i0, j)));
        ring.push(self.at(i0, j0));
        ring.into_iter().map(|c| [c.x, c.y]).collect()
    }

    pub fn whole(&self) -> Vec<[f64; 2]> {
        self.ring((0, self.nx), (0, self.ny))
    }

    /// A point well inside cell (i, j), by bilinear interpolation of its corners.
    pub fn inside(&self, i: usize, j: usize, u: f64, v: f64) -> [f64; 2] {
        let (a, b, c, d) = (
            self.at(i, j),
            self.at(i + 1, j),
            self.at(i + 1, j + 1),
            self.at(i, j + 1),
        );
        let x =
            a.x * (1.0 - u) * (1.0 - v) + b.x * u * (1.0 - v) + c.x * u * v + d.x * (1.0 - u) * v;
        let y =
            a.y * (1.0 - u) * (1.0 - v) + b.y * u * (1.0 - v) + c.y * u * v + d.y * (1.0 - u) * v;
        [round6(x), round6(y)]
    }
}

fn round6(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}
