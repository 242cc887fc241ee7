;; SIMD kernels for float32 pooling over rows of `cells x C` floats (channels last; C any count for the
;; kernels that run along contiguous floats, a multiple of 4 for those that step cell by cell: see
;; src/core/wasmKernels.ts for which the driver uses when).
;; The TypeScript driver (src/core/wasmKernels.ts) streams the input one row at a time through these:
;; a horizontal pass per input row (window along W), then a vertical pass per output row (window along H)
;; over the horizontal results of the rows in the window. Both passes keep the TypeScript path's rules so the
;; results are bit-identical:
;; - max: `pmax(acc, v)` = `acc < v ? v : acc` keeps the first cell on ties (so -0 before +0 stays -0), and a
;;   running `min` (or a NaN mask) propagates any NaN, which replaces the value at the end (NaN propagation,
;;   whatever its place); the plain-pmax kernels are used only on NaN-free rows;
;; - sum: float64, starting from +0, cells added in ascending order; the average divides in float64 and then
;;   rounds to float32 (`demote`), as `Float32Array` stores do.
;; Window bounds come in as per-output [lo, hi) arrays (int32), so regular, `same`, PyTorch, global and
;; adaptive windows all use the same code.
(module
  ;; The memory is imported: the driver gives the shared kernel instance a memory it grows as needed, and each
  ;; resident tensor (wasmKernels.ts, `residentTensor`) an instance over a memory of its own that holds its data.
  (import "env" "memory" (memory 1))

  ;; hmax: dst[ow, c] = max of src[w, c] for w in [wlo[ow], whi[ow]); C4 = C * 4 bytes per cell.
  (func (export "hmax") (param $src i32) (param $C4 i32) (param $outW i32) (param $wlo i32) (param $whi i32) (param $dst i32)
    (local $ow i32) (local $c i32) (local $w i32) (local $count i32) (local $base i32) (local $p i32)
    (local $acc v128) (local $mn v128) (local $v v128)
    (block $end_ow
      (loop $ow_loop
        (br_if $end_ow (i32.ge_u (local.get $ow) (local.get $outW)))
        (local.set $base (i32.add (local.get $src)
          (i32.mul (i32.load (i32.add (local.get $wlo) (i32.shl (local.get $ow) (i32.const 2)))) (local.get $C4))))
        (local.set $count (i32.sub
          (i32.load (i32.add (local.get $whi) (i32.shl (local.get $ow) (i32.const 2))))
          (i32.load (i32.add (local.get $wlo) (i32.shl (local.get $ow) (i32.const 2))))))
        (local.set $c (i32.const 0))
        (block $end_c
          (loop $c_loop
            (br_if $end_c (i32.ge_u (local.get $c) (local.get $C4)))
            (local.set $p (i32.add (local.get $base) (local.get $c)))
            (local.set $acc (v128.load (local.get $p)))
            (local.set $mn (local.get $acc))
            (local.set $w (i32.const 1))
            (block $end_w
              (loop $w_loop
                (br_if $end_w (i32.ge_u (local.get $w) (local.get $count)))
                (local.set $p (i32.add (local.get $p) (local.get $C4)))
                (local.set $v (v128.load (local.get $p)))
                (local.set $acc (f32x4.pmax (local.get $acc) (local.get $v)))
                (local.set $mn (f32x4.min (local.get $mn) (local.get $v)))
                (local.set $w (i32.add (local.get $w) (i32.const 1)))
                (br $w_loop)))
            (v128.store (i32.add (local.get $dst) (local.get $c))
              (v128.bitselect (local.get $mn) (local.get $acc) (f32x4.ne (local.get $mn) (local.get $mn))))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $c_loop)))
        (local.set $dst (i32.add (local.get $dst) (local.get $C4)))
        (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
        (br $ow_loop))))

  ;; vmax: dst[i] = max over the n rows whose addresses are at rows[0..n) of row[i], for len bytes; then
  ;; results equal to $from become $to (Keras: -inf -> lowest finite float; PyTorch passes NaN, never equal).
  (func (export "vmax") (param $rows i32) (param $n i32) (param $len i32) (param $dst i32) (param $from f32) (param $to f32)
    (local $i i32) (local $r i32) (local $acc v128) (local $mn v128) (local $v v128) (local $fromv v128) (local $tov v128)
    (local.set $fromv (f32x4.splat (local.get $from)))
    (local.set $tov (f32x4.splat (local.get $to)))
    (block $end_i
      (loop $i_loop
        (br_if $end_i (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $acc (v128.load (i32.add (i32.load (local.get $rows)) (local.get $i))))
        (local.set $mn (local.get $acc))
        (local.set $r (i32.const 1))
        (block $end_r
          (loop $r_loop
            (br_if $end_r (i32.ge_u (local.get $r) (local.get $n)))
            (local.set $v (v128.load (i32.add
              (i32.load (i32.add (local.get $rows) (i32.shl (local.get $r) (i32.const 2)))) (local.get $i))))
            (local.set $acc (f32x4.pmax (local.get $acc) (local.get $v)))
            (local.set $mn (f32x4.min (local.get $mn) (local.get $v)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $r_loop)))
        (local.set $acc (v128.bitselect (local.get $mn) (local.get $acc) (f32x4.ne (local.get $mn) (local.get $mn))))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (v128.bitselect (local.get $tov) (local.get $acc) (f32x4.eq (local.get $acc) (local.get $fromv))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $i_loop))))

  ;; hsum: dst (float64) [ow, c] = +0 + sum of src[w, c] for w in [wlo[ow], whi[ow]), in ascending w.
  (func (export "hsum") (param $src i32) (param $C4 i32) (param $outW i32) (param $wlo i32) (param $whi i32) (param $dst i32)
    (local $ow i32) (local $c i32) (local $w i32) (local $count i32) (local $base i32) (local $p i32) (local $q i32)
    (local $lo v128) (local $hi2 v128) (local $v v128)
    (block $end_ow
      (loop $ow_loop
        (br_if $end_ow (i32.ge_u (local.get $ow) (local.get $outW)))
        (local.set $base (i32.add (local.get $src)
          (i32.mul (i32.load (i32.add (local.get $wlo) (i32.shl (local.get $ow) (i32.const 2)))) (local.get $C4))))
        (local.set $count (i32.sub
          (i32.load (i32.add (local.get $whi) (i32.shl (local.get $ow) (i32.const 2))))
          (i32.load (i32.add (local.get $wlo) (i32.shl (local.get $ow) (i32.const 2))))))
        (local.set $c (i32.const 0))
        (block $end_c
          (loop $c_loop
            (br_if $end_c (i32.ge_u (local.get $c) (local.get $C4)))
            (local.set $p (i32.add (local.get $base) (local.get $c)))
            (local.set $lo (f64x2.splat (f64.const 0)))
            (local.set $hi2 (f64x2.splat (f64.const 0)))
            (local.set $w (i32.const 0))
            (block $end_w
              (loop $w_loop
                (br_if $end_w (i32.ge_u (local.get $w) (local.get $count)))
                (local.set $v (v128.load (local.get $p)))
                (local.set $lo (f64x2.add (local.get $lo) (f64x2.promote_low_f32x4 (local.get $v))))
                (local.set $hi2 (f64x2.add (local.get $hi2) (f64x2.promote_low_f32x4
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $v) (local.get $v)))))
                (local.set $p (i32.add (local.get $p) (local.get $C4)))
                (local.set $w (i32.add (local.get $w) (i32.const 1)))
                (br $w_loop)))
            (local.set $q (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 1))))
            (v128.store (local.get $q) (local.get $lo))
            (v128.store offset=16 (local.get $q) (local.get $hi2))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $c_loop)))
        (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $C4) (i32.const 1))))
        (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
        (br $ow_loop))))

;; vsum: dst (float32) [x] = demote((+0 + sum over the n rows at rows[0..n) of row[x]) / (dH * divRow[x]))
  ;; for x over len bytes of float32 output; rows and divRow are float64 with the same cell layout, so the pass
  ;; runs along contiguous floats whatever C (divRow repeats each output cell's divisor for its C channels).
  (func (export "vsum") (param $rows i32) (param $n i32) (param $len i32) (param $divRow i32) (param $dH f64) (param $dst i32)
    (local $i i32) (local $off i32) (local $rp i32) (local $rend i32) (local $lo v128) (local $hi v128) (local $dHv v128)
    (local.set $dHv (f64x2.splat (local.get $dH)))
    (local.set $rend (i32.add (local.get $rows) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $off (i32.shl (local.get $i) (i32.const 1)))
        (local.set $lo (f64x2.splat (f64.const 0)))
        (local.set $hi (f64x2.splat (f64.const 0)))
        (local.set $rp (local.get $rows))
        (block $end_r
          (loop $r_loop
            (br_if $end_r (i32.ge_u (local.get $rp) (local.get $rend)))
            (local.set $lo (f64x2.add (local.get $lo) (v128.load (i32.add (i32.load (local.get $rp)) (local.get $off)))))
            (local.set $hi (f64x2.add (local.get $hi) (v128.load offset=16 (i32.add (i32.load (local.get $rp)) (local.get $off)))))
            (local.set $rp (i32.add (local.get $rp) (i32.const 4)))
            (br $r_loop)))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.div (local.get $lo)
              (f64x2.mul (local.get $dHv) (v128.load (i32.add (local.get $divRow) (local.get $off))))))
            (f32x4.demote_f64x2_zero (f64x2.div (local.get $hi)
              (f64x2.mul (local.get $dHv) (v128.load offset=16 (i32.add (local.get $divRow) (local.get $off))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l))))

  ;; max2x2: fused 2x2 stride-2 max over $nrows output rows. Input rows are $rowB bytes apart (output row r reads
  ;; input rows 2r and 2r+1 from $src), $outW output pixels per row, $C4 = C * 4 bytes per pixel. Ties keep the
  ;; first cell in row-major order (pmax(pmax(a, b), pmax(c, d)) with a, b the top row), any NaN gives NaN, and
  ;; results equal to $from become $to (Keras lowest finite; PyTorch passes NaN, never equal).
  (func (export "max2x2") (param $src i32) (param $nrows i32) (param $rowB i32) (param $outW i32) (param $C4 i32)
    (param $dst i32) (param $from f32) (param $to f32)
    (local $r i32) (local $ow i32) (local $q i32) (local $qe i32) (local $row i32)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128) (local $acc v128)
    (local $fromv v128) (local $tov v128)
    (local.set $fromv (f32x4.splat (local.get $from)))
    (local.set $tov (f32x4.splat (local.get $to)))
    (block $end_r
      (loop $r_loop
        (br_if $end_r (i32.ge_u (local.get $r) (local.get $nrows)))
        (local.set $row (i32.add (local.get $src) (i32.mul (i32.shl (local.get $r) (i32.const 1)) (local.get $rowB))))
        (local.set $ow (i32.const 0))
        (block $end_ow
          (loop $ow_loop
            (br_if $end_ow (i32.ge_u (local.get $ow) (local.get $outW)))
            (local.set $q (local.get $row))
            (local.set $qe (i32.add (local.get $row) (local.get $C4)))
            (loop $c_loop
              (local.set $a (v128.load (local.get $q)))
              (local.set $b (v128.load (i32.add (local.get $q) (local.get $C4))))
              (local.set $c (v128.load (i32.add (local.get $q) (local.get $rowB))))
              (local.set $d (v128.load (i32.add (i32.add (local.get $q) (local.get $rowB)) (local.get $C4))))
              (local.set $acc (f32x4.pmax (f32x4.pmax (local.get $a) (local.get $b)) (f32x4.pmax (local.get $c) (local.get $d))))
              (local.set $acc (v128.bitselect (v128.const f32x4 nan nan nan nan) (local.get $acc)
                (v128.or (v128.or (f32x4.ne (local.get $a) (local.get $a)) (f32x4.ne (local.get $b) (local.get $b)))
                  (v128.or (f32x4.ne (local.get $c) (local.get $c)) (f32x4.ne (local.get $d) (local.get $d))))))
              (v128.store (local.get $dst)
                (v128.bitselect (local.get $tov) (local.get $acc) (f32x4.eq (local.get $acc) (local.get $fromv))))
              (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
              (local.set $q (i32.add (local.get $q) (i32.const 16)))
              (br_if $c_loop (i32.lt_u (local.get $q) (local.get $qe))))
            (local.set $row (i32.add (local.get $row) (i32.shl (local.get $C4) (i32.const 1))))
            (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
            (br $ow_loop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $r_loop))))

  ;; avg2x2: fused 2x2 stride-2 average, same layout as max2x2. Sums in float64 in the TypeScript path's order,
  ;; ((a + b) + (c + d)) + 0 (the + 0 makes an all -0 window +0, as the path's +0 start does), then
  ;; sum * $scale when $useScale (exact: the caller passes it only for a power-of-two divisor) else sum / $div,
  ;; rounded to float32.
  (func (export "avg2x2") (param $src i32) (param $nrows i32) (param $rowB i32) (param $outW i32) (param $C4 i32)
    (param $dst i32) (param $div f64) (param $scale f64) (param $useScale i32)
    (local $r i32) (local $ow i32) (local $q i32) (local $qe i32) (local $row i32)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128) (local $lo v128) (local $hi v128)
    (local $divv v128) (local $scalev v128)
    (local.set $divv (f64x2.splat (local.get $div)))
    (local.set $scalev (f64x2.splat (local.get $scale)))
    (block $end_r
      (loop $r_loop
        (br_if $end_r (i32.ge_u (local.get $r) (local.get $nrows)))
        (local.set $row (i32.add (local.get $src) (i32.mul (i32.shl (local.get $r) (i32.const 1)) (local.get $rowB))))
        (local.set $ow (i32.const 0))
        (block $end_ow
          (loop $ow_loop
            (br_if $end_ow (i32.ge_u (local.get $ow) (local.get $outW)))
            (local.set $q (local.get $row))
            (local.set $qe (i32.add (local.get $row) (local.get $C4)))
            (loop $c_loop
              (local.set $a (v128.load (local.get $q)))
              (local.set $b (v128.load (i32.add (local.get $q) (local.get $C4))))
              (local.set $c (v128.load (i32.add (local.get $q) (local.get $rowB))))
              (local.set $d (v128.load (i32.add (i32.add (local.get $q) (local.get $rowB)) (local.get $C4))))
              (local.set $lo (f64x2.add (f64x2.add
                (f64x2.add (f64x2.promote_low_f32x4 (local.get $a)) (f64x2.promote_low_f32x4 (local.get $b)))
                (f64x2.add (f64x2.promote_low_f32x4 (local.get $c)) (f64x2.promote_low_f32x4 (local.get $d))))
                (f64x2.splat (f64.const 0))))
              (local.set $hi (f64x2.add (f64x2.add
                (f64x2.add
                  (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $a) (local.get $a)))
                  (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $b) (local.get $b))))
                (f64x2.add
                  (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $c) (local.get $c)))
                  (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $d) (local.get $d)))))
                (f64x2.splat (f64.const 0))))
              (if (local.get $useScale)
                (then
                  (local.set $lo (f64x2.mul (local.get $lo) (local.get $scalev)))
                  (local.set $hi (f64x2.mul (local.get $hi) (local.get $scalev))))
                (else
                  (local.set $lo (f64x2.div (local.get $lo) (local.get $divv)))
                  (local.set $hi (f64x2.div (local.get $hi) (local.get $divv)))))
              (v128.store (local.get $dst)
                (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                  (f32x4.demote_f64x2_zero (local.get $lo)) (f32x4.demote_f64x2_zero (local.get $hi))))
              (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
              (local.set $q (i32.add (local.get $q) (i32.const 16)))
              (br_if $c_loop (i32.lt_u (local.get $q) (local.get $qe))))
            (local.set $row (i32.add (local.get $row) (i32.shl (local.get $C4) (i32.const 1))))
            (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
            (br $ow_loop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $r_loop))))

  ;; max2x2c1 / avg2x2c1: max2x2 and avg2x2 for one float per cell (C = 1: plain matrices, channels-first
  ;; planes). Output row r (of $outW >= 4 floats, written at $dst + r * $outW * 4) reads input rows 2r and
  ;; 2r+1 ($rowB bytes apart); 8 input floats of a row give 4 outputs, split into even and odd cells by
  ;; shuffles, then the same lane arithmetic as max2x2 / avg2x2 (a, b the top row's even and odd cells, c, d
  ;; the bottom row's). When $outW is not a multiple of 4 the last vector of a row starts at $outW - 4 and
  ;; rewrites a few outputs with the same values.
  (func (export "max2x2c1") (param $src i32) (param $nrows i32) (param $rowB i32) (param $outW i32)
    (param $dst i32) (param $from f32) (param $to f32)
    (local $r i32) (local $o i32) (local $last i32) (local $row i32) (local $p i32)
    (local $x0 v128) (local $x1 v128) (local $a v128) (local $b v128) (local $c v128) (local $d v128) (local $acc v128)
    (local $fromv v128) (local $tov v128)
    (local.set $fromv (f32x4.splat (local.get $from)))
    (local.set $tov (f32x4.splat (local.get $to)))
    (local.set $last (i32.shl (i32.sub (local.get $outW) (i32.const 4)) (i32.const 2)))
    (block $end_r
      (loop $r_loop
        (br_if $end_r (i32.ge_u (local.get $r) (local.get $nrows)))
        (local.set $row (i32.add (local.get $src) (i32.mul (i32.shl (local.get $r) (i32.const 1)) (local.get $rowB))))
        (local.set $o (i32.const 0))
        (block $end_o
          (loop $o_loop
            (if (i32.gt_u (local.get $o) (local.get $last)) (then (local.set $o (local.get $last))))
            (local.set $p (i32.add (local.get $row) (i32.shl (local.get $o) (i32.const 1))))
            (local.set $x0 (v128.load (local.get $p)))
            (local.set $x1 (v128.load offset=16 (local.get $p)))
            (local.set $a (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $x0) (local.get $x1)))
            (local.set $b (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $x0) (local.get $x1)))
            (local.set $p (i32.add (local.get $p) (local.get $rowB)))
            (local.set $x0 (v128.load (local.get $p)))
            (local.set $x1 (v128.load offset=16 (local.get $p)))
            (local.set $c (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $x0) (local.get $x1)))
            (local.set $d (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $x0) (local.get $x1)))
            (local.set $acc (f32x4.pmax (f32x4.pmax (local.get $a) (local.get $b)) (f32x4.pmax (local.get $c) (local.get $d))))
            (local.set $acc (v128.bitselect (v128.const f32x4 nan nan nan nan) (local.get $acc)
              (v128.or (v128.or (f32x4.ne (local.get $a) (local.get $a)) (f32x4.ne (local.get $b) (local.get $b)))
                (v128.or (f32x4.ne (local.get $c) (local.get $c)) (f32x4.ne (local.get $d) (local.get $d))))))
            (v128.store (i32.add (local.get $dst) (local.get $o))
              (v128.bitselect (local.get $tov) (local.get $acc) (f32x4.eq (local.get $acc) (local.get $fromv))))
            (br_if $end_o (i32.ge_u (local.get $o) (local.get $last)))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $o_loop)))
        (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $outW) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $r_loop))))

  (func (export "avg2x2c1") (param $src i32) (param $nrows i32) (param $rowB i32) (param $outW i32)
    (param $dst i32) (param $div f64) (param $scale f64) (param $useScale i32)
    (local $r i32) (local $o i32) (local $last i32) (local $row i32) (local $p i32)
    (local $x0 v128) (local $x1 v128) (local $a v128) (local $b v128) (local $c v128) (local $d v128)
    (local $lo v128) (local $hi v128) (local $divv v128) (local $scalev v128)
    (local.set $divv (f64x2.splat (local.get $div)))
    (local.set $scalev (f64x2.splat (local.get $scale)))
    (local.set $last (i32.shl (i32.sub (local.get $outW) (i32.const 4)) (i32.const 2)))
    (block $end_r
      (loop $r_loop
        (br_if $end_r (i32.ge_u (local.get $r) (local.get $nrows)))
        (local.set $row (i32.add (local.get $src) (i32.mul (i32.shl (local.get $r) (i32.const 1)) (local.get $rowB))))
        (local.set $o (i32.const 0))
        (block $end_o
          (loop $o_loop
            (if (i32.gt_u (local.get $o) (local.get $last)) (then (local.set $o (local.get $last))))
            (local.set $p (i32.add (local.get $row) (i32.shl (local.get $o) (i32.const 1))))
            (local.set $x0 (v128.load (local.get $p)))
            (local.set $x1 (v128.load offset=16 (local.get $p)))
            (local.set $a (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $x0) (local.get $x1)))
            (local.set $b (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $x0) (local.get $x1)))
            (local.set $p (i32.add (local.get $p) (local.get $rowB)))
            (local.set $x0 (v128.load (local.get $p)))
            (local.set $x1 (v128.load offset=16 (local.get $p)))
            (local.set $c (i8x16.shuffle 0 1 2 3 8 9 10 11 16 17 18 19 24 25 26 27 (local.get $x0) (local.get $x1)))
            (local.set $d (i8x16.shuffle 4 5 6 7 12 13 14 15 20 21 22 23 28 29 30 31 (local.get $x0) (local.get $x1)))
            (local.set $lo (f64x2.add (f64x2.add
              (f64x2.add (f64x2.promote_low_f32x4 (local.get $a)) (f64x2.promote_low_f32x4 (local.get $b)))
              (f64x2.add (f64x2.promote_low_f32x4 (local.get $c)) (f64x2.promote_low_f32x4 (local.get $d))))
              (f64x2.splat (f64.const 0))))
            (local.set $hi (f64x2.add (f64x2.add
              (f64x2.add
                (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $a) (local.get $a)))
                (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $b) (local.get $b))))
              (f64x2.add
                (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $c) (local.get $c)))
                (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $d) (local.get $d)))))
              (f64x2.splat (f64.const 0))))
            (if (local.get $useScale)
              (then
                (local.set $lo (f64x2.mul (local.get $lo) (local.get $scalev)))
                (local.set $hi (f64x2.mul (local.get $hi) (local.get $scalev))))
              (else
                (local.set $lo (f64x2.div (local.get $lo) (local.get $divv)))
                (local.set $hi (f64x2.div (local.get $hi) (local.get $divv)))))
            (v128.store (i32.add (local.get $dst) (local.get $o))
              (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                (f32x4.demote_f64x2_zero (local.get $lo)) (f32x4.demote_f64x2_zero (local.get $hi))))
            (br_if $end_o (i32.ge_u (local.get $o) (local.get $last)))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (br $o_loop)))
        (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $outW) (i32.const 2))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $r_loop))))

  ;; hasnan: whether any of the len bytes of floats at src is NaN (len a multiple of 16).
  (func (export "hasnan") (param $src i32) (param $len i32) (result i32)
    (local $end i32) (local $acc v128) (local $v v128)
    (local.set $end (i32.add (local.get $src) (local.get $len)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $v (v128.load (local.get $src)))
        (local.set $acc (v128.or (local.get $acc) (f32x4.ne (local.get $v) (local.get $v))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $l)))
    (v128.any_true (local.get $acc)))

  ;; hmaxk: stride-1 sliding max along a row padded with -inf on both sides so that every window is k cells:
  ;; dst[x] = max over j < k of src[x + j * C] (bytes: x + j * C4) for x in [0, len). pmax keeps the first on
  ;; ties. NaN-free rows only: the caller checks with hasnan and uses hmax for rows with a NaN.
  (func (export "hmaxk") (param $src i32) (param $len i32) (param $C4 i32) (param $k i32) (param $dst i32)
    (local $end i32) (local $p i32) (local $j i32) (local $acc v128)
    (local.set $end (i32.add (local.get $src) (local.get $len)))
    (block $done
      (loop $x_loop
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $acc (v128.load (local.get $src)))
        (local.set $p (i32.add (local.get $src) (local.get $C4)))
        (local.set $j (i32.const 1))
        (block $end_j
          (loop $j_loop
            (br_if $end_j (i32.ge_u (local.get $j) (local.get $k)))
            (local.set $acc (f32x4.pmax (local.get $acc) (v128.load (local.get $p))))
            (local.set $p (i32.add (local.get $p) (local.get $C4)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $j_loop)))
        (v128.store (local.get $dst) (local.get $acc))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $x_loop))))

  ;; vmaxf: vmax for NaN-free rows (no NaN tracking): dst[i] = pmax over the n rows at rows[0..n), then the
  ;; $from -> $to clamp.
  (func (export "vmaxf") (param $rows i32) (param $n i32) (param $len i32) (param $dst i32) (param $from f32) (param $to f32)
    (local $i i32) (local $r i32) (local $rp i32) (local $rend i32) (local $acc v128) (local $fromv v128) (local $tov v128)
    (local.set $fromv (f32x4.splat (local.get $from)))
    (local.set $tov (f32x4.splat (local.get $to)))
    (local.set $rend (i32.add (local.get $rows) (i32.shl (local.get $n) (i32.const 2))))
    (block $end_i
      (loop $i_loop
        (br_if $end_i (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $acc (v128.load (i32.add (i32.load (local.get $rows)) (local.get $i))))
        (local.set $rp (i32.add (local.get $rows) (i32.const 4)))
        (block $end_r
          (loop $r_loop
            (br_if $end_r (i32.ge_u (local.get $rp) (local.get $rend)))
            (local.set $acc (f32x4.pmax (local.get $acc) (v128.load (i32.add (i32.load (local.get $rp)) (local.get $i)))))
            (local.set $rp (i32.add (local.get $rp) (i32.const 4)))
            (br $r_loop)))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (v128.bitselect (local.get $tov) (local.get $acc) (f32x4.eq (local.get $acc) (local.get $fromv))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $i_loop))))

  ;; hsumk: stride-1 sliding sum along a row padded with +0 on both sides: dst (float64) [x] = +0 + src[x] +
  ;; src[x + C] + ... (k cells, ascending) for x in [0, len) floats-bytes. Zero padding does not change the
  ;; path's sums (a sum from +0 is never -0, and s + 0 = s).
  (func (export "hsumk") (param $src i32) (param $len i32) (param $C4 i32) (param $k i32) (param $dst i32)
    (local $end i32) (local $p i32) (local $j i32) (local $lo v128) (local $hi v128) (local $v v128)
    (local.set $end (i32.add (local.get $src) (local.get $len)))
    (block $done
      (loop $x_loop
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $lo (f64x2.splat (f64.const 0)))
        (local.set $hi (f64x2.splat (f64.const 0)))
        (local.set $p (local.get $src))
        (local.set $j (i32.const 0))
        (block $end_j
          (loop $j_loop
            (br_if $end_j (i32.ge_u (local.get $j) (local.get $k)))
            (local.set $v (v128.load (local.get $p)))
            (local.set $lo (f64x2.add (local.get $lo) (f64x2.promote_low_f32x4 (local.get $v))))
            (local.set $hi (f64x2.add (local.get $hi) (f64x2.promote_low_f32x4
              (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))))
            (local.set $p (i32.add (local.get $p) (local.get $C4)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $j_loop)))
        (v128.store (local.get $dst) (local.get $lo))
        (v128.store offset=16 (local.get $dst) (local.get $hi))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (br $x_loop))))

  ;; hmaxvh: the same sliding max as hmaxk in three passes whatever k (van Herk / Gil-Werman). Over the first
  ;; $lt bytes of the padded row (out cells + k - 1 cells), cut into blocks of k cells ($kb bytes):
  ;; g = running max from each block's start, h = running max from each block's end (backwards); then
  ;; dst[o] = pmax(h[o], g[o + k - 1]). h holds the earlier cells, so pmax keeps the first on ties, as do
  ;; g (pmax(g[x - 1], x)) and h (pmax(x, h[x + 1])). NaN-free rows only.
  (func (export "hmaxvh") (param $src i32) (param $lt i32) (param $C4 i32) (param $kb i32) (param $outLen i32)
    (param $g i32) (param $h i32) (param $dst i32)
    (local $bs i32) (local $be i32) (local $i i32) (local $m i32)
    (block $fdone
      (loop $fblk
        (br_if $fdone (i32.ge_u (local.get $bs) (local.get $lt)))
        (local.set $be (i32.add (local.get $bs) (local.get $kb)))
        (if (i32.gt_u (local.get $be) (local.get $lt)) (then (local.set $be (local.get $lt))))
        (local.set $m (i32.add (local.get $bs) (local.get $C4)))
        (local.set $i (local.get $bs))
        (loop $f1
          (v128.store (i32.add (local.get $g) (local.get $i)) (v128.load (i32.add (local.get $src) (local.get $i))))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br_if $f1 (i32.lt_u (local.get $i) (local.get $m))))
        (block $f2done
          (loop $f2
            (br_if $f2done (i32.ge_u (local.get $i) (local.get $be)))
            (v128.store (i32.add (local.get $g) (local.get $i))
              (f32x4.pmax (v128.load (i32.sub (i32.add (local.get $g) (local.get $i)) (local.get $C4)))
                (v128.load (i32.add (local.get $src) (local.get $i)))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $f2)))
        (local.set $bs (local.get $be))
        (br $fblk)))
    (local.set $bs (i32.const 0))
    (block $bdone
      (loop $bblk
        (br_if $bdone (i32.ge_u (local.get $bs) (local.get $lt)))
        (local.set $be (i32.add (local.get $bs) (local.get $kb)))
        (if (i32.gt_u (local.get $be) (local.get $lt)) (then (local.set $be (local.get $lt))))
        (local.set $m (i32.sub (local.get $be) (local.get $C4)))
        (local.set $i (local.get $be))
        (loop $b1
          (local.set $i (i32.sub (local.get $i) (i32.const 16)))
          (v128.store (i32.add (local.get $h) (local.get $i)) (v128.load (i32.add (local.get $src) (local.get $i))))
          (br_if $b1 (i32.gt_u (local.get $i) (local.get $m))))
        (block $b2done
          (loop $b2
            (br_if $b2done (i32.le_u (local.get $i) (local.get $bs)))
            (local.set $i (i32.sub (local.get $i) (i32.const 16)))
            (v128.store (i32.add (local.get $h) (local.get $i))
              (f32x4.pmax (v128.load (i32.add (local.get $src) (local.get $i)))
                (v128.load (i32.add (i32.add (local.get $h) (local.get $i)) (local.get $C4)))))
            (br $b2)))
        (local.set $bs (local.get $be))
        (br $bblk)))
    (local.set $m (i32.sub (local.get $kb) (local.get $C4)))
    (local.set $i (i32.const 0))
    (block $cdone
      (loop $c
        (br_if $cdone (i32.ge_u (local.get $i) (local.get $outLen)))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (f32x4.pmax (v128.load (i32.add (local.get $h) (local.get $i)))
            (v128.load (i32.add (i32.add (local.get $g) (local.get $i)) (local.get $m)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $c))))

  ;; vmax2: dst[i] = pmax(a[i], b[i]) for len bytes (a holds the earlier cells: ties keep a). dst may be a or b.
  ;; vmax2c: the same, then the $from -> $to clamp. The vertical van Herk passes (rows g, h) are made of these.
  ;; (Both unrolled to 64 bytes a step, measured faster; they may run up to 48 bytes past $len: the driver
  ;; leaves SLACK after every row. vmax2 is the float32 van Herk's only user.)
  (func (export "vmax2") (param $a i32) (param $b i32) (param $len i32) (param $dst i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (v128.store offset=0 (i32.add (local.get $dst) (local.get $i))
          (f32x4.pmax (v128.load offset=0 (i32.add (local.get $a) (local.get $i))) (v128.load offset=0 (i32.add (local.get $b) (local.get $i)))))
        (v128.store offset=16 (i32.add (local.get $dst) (local.get $i))
          (f32x4.pmax (v128.load offset=16 (i32.add (local.get $a) (local.get $i))) (v128.load offset=16 (i32.add (local.get $b) (local.get $i)))))
        (v128.store offset=32 (i32.add (local.get $dst) (local.get $i))
          (f32x4.pmax (v128.load offset=32 (i32.add (local.get $a) (local.get $i))) (v128.load offset=32 (i32.add (local.get $b) (local.get $i)))))
        (v128.store offset=48 (i32.add (local.get $dst) (local.get $i))
          (f32x4.pmax (v128.load offset=48 (i32.add (local.get $a) (local.get $i))) (v128.load offset=48 (i32.add (local.get $b) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 64)))
        (br $l))))

  (func (export "vmax2c") (param $a i32) (param $b i32) (param $len i32) (param $dst i32) (param $from f32) (param $to f32)
    (local $i i32) (local $acc v128) (local $fromv v128) (local $tov v128)
    (local.set $fromv (f32x4.splat (local.get $from)))
    (local.set $tov (f32x4.splat (local.get $to)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $acc
          (f32x4.pmax (v128.load (i32.add (local.get $a) (local.get $i))) (v128.load (i32.add (local.get $b) (local.get $i)))))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (v128.bitselect (local.get $tov) (local.get $acc) (f32x4.eq (local.get $acc) (local.get $fromv))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l))))

;; vmax2gc: the vertical van Herk step that both advances g and gives an output row: v = pmax(g, x) is the new
  ;; g (stored at $gdst, which may be $g) and dst = pmax(pmax(h, v), floor), in one pass (vmax2 then vmax2c
  ;; fused). hvmax3 and vmax2gc clamp with one pmax against $floor instead of vmax2c's compare and select: Keras
  ;; passes its lowest finite value (an all -inf window gives it; no other value is below it), PyTorch -inf
  ;; (pmax(acc, -inf) is acc, NaN included).
  (func (export "vmax2gc") (param $g i32) (param $x i32) (param $len i32) (param $gdst i32) (param $h i32)
    (param $dst i32) (param $floor f32)
    (local $i i32) (local $v v128) (local $acc v128) (local $floorv v128)
    (local.set $floorv (f32x4.splat (local.get $floor)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $v
          (f32x4.pmax (v128.load (i32.add (local.get $g) (local.get $i))) (v128.load (i32.add (local.get $x) (local.get $i)))))
        (v128.store (i32.add (local.get $gdst) (local.get $i)) (local.get $v))
        (local.set $acc (f32x4.pmax (v128.load (i32.add (local.get $h) (local.get $i))) (local.get $v)))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (f32x4.pmax (local.get $acc) (local.get $floorv)))
        (local.set $v
          (f32x4.pmax (v128.load offset=16 (i32.add (local.get $g) (local.get $i))) (v128.load offset=16 (i32.add (local.get $x) (local.get $i)))))
        (v128.store offset=16 (i32.add (local.get $gdst) (local.get $i)) (local.get $v))
        (local.set $acc (f32x4.pmax (v128.load offset=16 (i32.add (local.get $h) (local.get $i))) (local.get $v)))
        (v128.store offset=16 (i32.add (local.get $dst) (local.get $i))
          (f32x4.pmax (local.get $acc) (local.get $floorv)))
        (local.set $v
          (f32x4.pmax (v128.load offset=32 (i32.add (local.get $g) (local.get $i))) (v128.load offset=32 (i32.add (local.get $x) (local.get $i)))))
        (v128.store offset=32 (i32.add (local.get $gdst) (local.get $i)) (local.get $v))
        (local.set $acc (f32x4.pmax (v128.load offset=32 (i32.add (local.get $h) (local.get $i))) (local.get $v)))
        (v128.store offset=32 (i32.add (local.get $dst) (local.get $i))
          (f32x4.pmax (local.get $acc) (local.get $floorv)))
        (local.set $v
          (f32x4.pmax (v128.load offset=48 (i32.add (local.get $g) (local.get $i))) (v128.load offset=48 (i32.add (local.get $x) (local.get $i)))))
        (v128.store offset=48 (i32.add (local.get $gdst) (local.get $i)) (local.get $v))
        (local.set $acc (f32x4.pmax (v128.load offset=48 (i32.add (local.get $h) (local.get $i))) (local.get $v)))
        (v128.store offset=48 (i32.add (local.get $dst) (local.get $i))
          (f32x4.pmax (local.get $acc) (local.get $floorv)))
        (local.set $i (i32.add (local.get $i) (i32.const 64)))
        (br $l))))

  ;; hmaxvhf: hmaxvh in two passes instead of three, with hasnan folded in (float32, cells of 16-byte
  ;; multiples). Pass 1 runs h backward within each block and checks every cell for NaN; pass 2 runs g forward
  ;; and, as soon as g reaches cell i >= (k - 1) cells, writes out[i - (k - 1) cells] = pmax(h[...], g[i]),
  ;; so the combine needs no pass of its own. Returns whether the row holds a NaN (then the results are wrong
  ;; and the driver redoes the row with hmax).
  (func (export "hmaxvhf") (param $src i32) (param $lt i32) (param $C4 i32) (param $kb i32) (param $g i32)
    (param $h i32) (param $dst i32) (result i32)
    (local $bs i32) (local $be i32) (local $i i32) (local $m i32) (local $sh i32) (local $v v128) (local $x v128)
    (local $nan v128)
    (block $bdone
      (loop $bblk
        (br_if $bdone (i32.ge_u (local.get $bs) (local.get $lt)))
        (local.set $be (i32.add (local.get $bs) (local.get $kb)))
        (if (i32.gt_u (local.get $be) (local.get $lt)) (then (local.set $be (local.get $lt))))
        (local.set $m (i32.sub (local.get $be) (local.get $C4)))
        (local.set $i (local.get $be))
        (loop $b1
          (local.set $i (i32.sub (local.get $i) (i32.const 16)))
          (local.set $v (v128.load (i32.add (local.get $src) (local.get $i))))
          (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
          (v128.store (i32.add (local.get $h) (local.get $i)) (local.get $v))
          (br_if $b1 (i32.gt_u (local.get $i) (local.get $m))))
        (block $b2done
          (loop $b2
            (br_if $b2done (i32.le_u (local.get $i) (local.get $bs)))
            (local.set $i (i32.sub (local.get $i) (i32.const 16)))
            (local.set $v (v128.load (i32.add (local.get $src) (local.get $i))))
            (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
            (v128.store (i32.add (local.get $h) (local.get $i))
              (f32x4.pmax (local.get $v) (v128.load (i32.add (i32.add (local.get $h) (local.get $i)) (local.get $C4)))))
            (br $b2)))
        (local.set $bs (local.get $be))
        (br $bblk)))
    (local.set $sh (i32.sub (local.get $kb) (local.get $C4)))
    (local.set $bs (i32.const 0))
    (block $fdone
      (loop $fblk
        (br_if $fdone (i32.ge_u (local.get $bs) (local.get $lt)))
        (local.set $be (i32.add (local.get $bs) (local.get $kb)))
        (if (i32.gt_u (local.get $be) (local.get $lt)) (then (local.set $be (local.get $lt))))
        (local.set $m (i32.add (local.get $bs) (local.get $C4)))
        (local.set $i (local.get $bs))
        (loop $f1
          (local.set $x (v128.load (i32.add (local.get $src) (local.get $i))))
          (v128.store (i32.add (local.get $g) (local.get $i)) (local.get $x))
          (if (i32.ge_u (local.get $i) (local.get $sh))
            (then (v128.store (i32.sub (i32.add (local.get $dst) (local.get $i)) (local.get $sh))
              (f32x4.pmax (v128.load (i32.sub (i32.add (local.get $h) (local.get $i)) (local.get $sh))) (local.get $x)))))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br_if $f1 (i32.lt_u (local.get $i) (local.get $m))))
        (block $f2done
          (loop $f2
            (br_if $f2done (i32.ge_u (local.get $i) (local.get $be)))
            (local.set $x (f32x4.pmax (v128.load (i32.sub (i32.add (local.get $g) (local.get $i)) (local.get $C4)))
              (v128.load (i32.add (local.get $src) (local.get $i)))))
            (v128.store (i32.add (local.get $g) (local.get $i)) (local.get $x))
            (if (i32.ge_u (local.get $i) (local.get $sh))
              (then (v128.store (i32.sub (i32.add (local.get $dst) (local.get $i)) (local.get $sh))
                (f32x4.pmax (v128.load (i32.sub (i32.add (local.get $h) (local.get $i)) (local.get $sh))) (local.get $x)))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $f2)))
        (local.set $bs (local.get $be))
        (br $fblk)))
    (v128.any_true (local.get $nan)))

  ;; hmaxvhf4: hmaxvhf unrolled to 64 bytes a step, for cells of 64-byte multiples (C % 16 == 0), where block
  ;; and cell boundaries fall on whole steps (the two loops are otherwise the same).
  (func (export "hmaxvhf4") (param $src i32) (param $lt i32) (param $C4 i32) (param $kb i32) (param $g i32)
    (param $h i32) (param $dst i32) (result i32)
    (local $bs i32) (local $be i32) (local $i i32) (local $m i32) (local $sh i32) (local $v v128) (local $x v128)
    (local $nan v128)
    (block $bdone
      (loop $bblk
        (br_if $bdone (i32.ge_u (local.get $bs) (local.get $lt)))
        (local.set $be (i32.add (local.get $bs) (local.get $kb)))
        (if (i32.gt_u (local.get $be) (local.get $lt)) (then (local.set $be (local.get $lt))))
        (local.set $m (i32.sub (local.get $be) (local.get $C4)))
        (local.set $i (local.get $be))
        (loop $b1
          (local.set $i (i32.sub (local.get $i) (i32.const 64)))
          (local.set $v (v128.load offset=48 (i32.add (local.get $src) (local.get $i))))
          (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
          (v128.store offset=48 (i32.add (local.get $h) (local.get $i)) (local.get $v))
          (local.set $v (v128.load offset=32 (i32.add (local.get $src) (local.get $i))))
          (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
          (v128.store offset=32 (i32.add (local.get $h) (local.get $i)) (local.get $v))
          (local.set $v (v128.load offset=16 (i32.add (local.get $src) (local.get $i))))
          (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
          (v128.store offset=16 (i32.add (local.get $h) (local.get $i)) (local.get $v))
          (local.set $v (v128.load offset=0 (i32.add (local.get $src) (local.get $i))))
          (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
          (v128.store offset=0 (i32.add (local.get $h) (local.get $i)) (local.get $v))
          (br_if $b1 (i32.gt_u (local.get $i) (local.get $m))))
        (block $b2done
          (loop $b2
            (br_if $b2done (i32.le_u (local.get $i) (local.get $bs)))
            (local.set $i (i32.sub (local.get $i) (i32.const 64)))
            (local.set $v (v128.load offset=48 (i32.add (local.get $src) (local.get $i))))
            (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
            (v128.store offset=48 (i32.add (local.get $h) (local.get $i))
              (f32x4.pmax (local.get $v) (v128.load offset=48 (i32.add (i32.add (local.get $h) (local.get $i)) (local.get $C4)))))
            (local.set $v (v128.load offset=32 (i32.add (local.get $src) (local.get $i))))
            (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
            (v128.store offset=32 (i32.add (local.get $h) (local.get $i))
              (f32x4.pmax (local.get $v) (v128.load offset=32 (i32.add (i32.add (local.get $h) (local.get $i)) (local.get $C4)))))
            (local.set $v (v128.load offset=16 (i32.add (local.get $src) (local.get $i))))
            (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
            (v128.store offset=16 (i32.add (local.get $h) (local.get $i))
              (f32x4.pmax (local.get $v) (v128.load offset=16 (i32.add (i32.add (local.get $h) (local.get $i)) (local.get $C4)))))
            (local.set $v (v128.load offset=0 (i32.add (local.get $src) (local.get $i))))
            (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
            (v128.store offset=0 (i32.add (local.get $h) (local.get $i))
              (f32x4.pmax (local.get $v) (v128.load offset=0 (i32.add (i32.add (local.get $h) (local.get $i)) (local.get $C4)))))
            (br $b2)))
        (local.set $bs (local.get $be))
        (br $bblk)))
    (local.set $sh (i32.sub (local.get $kb) (local.get $C4)))
    (local.set $bs (i32.const 0))
    (block $fdone
      (loop $fblk
        (br_if $fdone (i32.ge_u (local.get $bs) (local.get $lt)))
        (local.set $be (i32.add (local.get $bs) (local.get $kb)))
        (if (i32.gt_u (local.get $be) (local.get $lt)) (then (local.set $be (local.get $lt))))
        (local.set $m (i32.add (local.get $bs) (local.get $C4)))
        (local.set $i (local.get $bs))
        (loop $f1
          (local.set $x (v128.load offset=0 (i32.add (local.get $src) (local.get $i))))
          (v128.store offset=0 (i32.add (local.get $g) (local.get $i)) (local.get $x))
          (if (i32.ge_u (local.get $i) (local.get $sh))
            (then (v128.store offset=0 (i32.sub (i32.add (local.get $dst) (local.get $i)) (local.get $sh))
              (f32x4.pmax (v128.load offset=0 (i32.sub (i32.add (local.get $h) (local.get $i)) (local.get $sh))) (local.get $x)))))
          (local.set $x (v128.load offset=16 (i32.add (local.get $src) (local.get $i))))
          (v128.store offset=16 (i32.add (local.get $g) (local.get $i)) (local.get $x))
          (if (i32.ge_u (local.get $i) (local.get $sh))
            (then (v128.store offset=16 (i32.sub (i32.add (local.get $dst) (local.get $i)) (local.get $sh))
              (f32x4.pmax (v128.load offset=16 (i32.sub (i32.add (local.get $h) (local.get $i)) (local.get $sh))) (local.get $x)))))
          (local.set $x (v128.load offset=32 (i32.add (local.get $src) (local.get $i))))
          (v128.store offset=32 (i32.add (local.get $g) (local.get $i)) (local.get $x))
          (if (i32.ge_u (local.get $i) (local.get $sh))
            (then (v128.store offset=32 (i32.sub (i32.add (local.get $dst) (local.get $i)) (local.get $sh))
              (f32x4.pmax (v128.load offset=32 (i32.sub (i32.add (local.get $h) (local.get $i)) (local.get $sh))) (local.get $x)))))
          (local.set $x (v128.load offset=48 (i32.add (local.get $src) (local.get $i))))
          (v128.store offset=48 (i32.add (local.get $g) (local.get $i)) (local.get $x))
          (if (i32.ge_u (local.get $i) (local.get $sh))
            (then (v128.store offset=48 (i32.sub (i32.add (local.get $dst) (local.get $i)) (local.get $sh))
              (f32x4.pmax (v128.load offset=48 (i32.sub (i32.add (local.get $h) (local.get $i)) (local.get $sh))) (local.get $x)))))
          (local.set $i (i32.add (local.get $i) (i32.const 64)))
          (br_if $f1 (i32.lt_u (local.get $i) (local.get $m))))
        (block $f2done
          (loop $f2
            (br_if $f2done (i32.ge_u (local.get $i) (local.get $be)))
            (local.set $x (f32x4.pmax (v128.load offset=0 (i32.sub (i32.add (local.get $g) (local.get $i)) (local.get $C4)))
              (v128.load offset=0 (i32.add (local.get $src) (local.get $i)))))
            (v128.store offset=0 (i32.add (local.get $g) (local.get $i)) (local.get $x))
            (if (i32.ge_u (local.get $i) (local.get $sh))
              (then (v128.store offset=0 (i32.sub (i32.add (local.get $dst) (local.get $i)) (local.get $sh))
                (f32x4.pmax (v128.load offset=0 (i32.sub (i32.add (local.get $h) (local.get $i)) (local.get $sh))) (local.get $x)))))
            (local.set $x (f32x4.pmax (v128.load offset=16 (i32.sub (i32.add (local.get $g) (local.get $i)) (local.get $C4)))
              (v128.load offset=16 (i32.add (local.get $src) (local.get $i)))))
            (v128.store offset=16 (i32.add (local.get $g) (local.get $i)) (local.get $x))
            (if (i32.ge_u (local.get $i) (local.get $sh))
              (then (v128.store offset=16 (i32.sub (i32.add (local.get $dst) (local.get $i)) (local.get $sh))
                (f32x4.pmax (v128.load offset=16 (i32.sub (i32.add (local.get $h) (local.get $i)) (local.get $sh))) (local.get $x)))))
            (local.set $x (f32x4.pmax (v128.load offset=32 (i32.sub (i32.add (local.get $g) (local.get $i)) (local.get $C4)))
              (v128.load offset=32 (i32.add (local.get $src) (local.get $i)))))
            (v128.store offset=32 (i32.add (local.get $g) (local.get $i)) (local.get $x))
            (if (i32.ge_u (local.get $i) (local.get $sh))
              (then (v128.store offset=32 (i32.sub (i32.add (local.get $dst) (local.get $i)) (local.get $sh))
                (f32x4.pmax (v128.load offset=32 (i32.sub (i32.add (local.get $h) (local.get $i)) (local.get $sh))) (local.get $x)))))
            (local.set $x (f32x4.pmax (v128.load offset=48 (i32.sub (i32.add (local.get $g) (local.get $i)) (local.get $C4)))
              (v128.load offset=48 (i32.add (local.get $src) (local.get $i)))))
            (v128.store offset=48 (i32.add (local.get $g) (local.get $i)) (local.get $x))
            (if (i32.ge_u (local.get $i) (local.get $sh))
              (then (v128.store offset=48 (i32.sub (i32.add (local.get $dst) (local.get $i)) (local.get $sh))
                (f32x4.pmax (v128.load offset=48 (i32.sub (i32.add (local.get $h) (local.get $i)) (local.get $sh))) (local.get $x)))))
            (local.set $i (i32.add (local.get $i) (i32.const 64)))
            (br $f2)))
        (local.set $bs (local.get $be))
        (br $fblk)))
    (v128.any_true (local.get $nan)))

  ;; hmaxvhf4f: hmaxvhf4 with its passes in the other order, so the first pass reads the row forward (from
  ;; main memory when the row is read in place, which the hardware prefetcher follows; backward it does not):
  ;; pass 1 runs g forward within each block and checks for NaN, pass 2 runs h backward and writes
  ;; out[i] = pmax(h[i], g[i + (k - 1) cells]) for i < $outLen as soon as h[i] is known. Same values and ties as
  ;; hmaxvh; cells of 64-byte multiples; returns the NaN flag.
  (func (export "hmaxvhf4f") (param $src i32) (param $lt i32) (param $C4 i32) (param $kb i32) (param $g i32)
    (param $h i32) (param $dst i32) (param $outLen i32) (result i32)
    (local $bs i32) (local $be i32) (local $i i32) (local $m i32) (local $sh i32) (local $v v128) (local $x v128)
    (local $nan v128)
    (block $fdone
      (loop $fblk
        (br_if $fdone (i32.ge_u (local.get $bs) (local.get $lt)))
        (local.set $be (i32.add (local.get $bs) (local.get $kb)))
        (if (i32.gt_u (local.get $be) (local.get $lt)) (then (local.set $be (local.get $lt))))
        (local.set $m (i32.add (local.get $bs) (local.get $C4)))
        (local.set $i (local.get $bs))
        (loop $f1
          (local.set $v (v128.load offset=0 (i32.add (local.get $src) (local.get $i))))
          (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
          (v128.store offset=0 (i32.add (local.get $g) (local.get $i)) (local.get $v))
          (local.set $v (v128.load offset=16 (i32.add (local.get $src) (local.get $i))))
          (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
          (v128.store offset=16 (i32.add (local.get $g) (local.get $i)) (local.get $v))
          (local.set $v (v128.load offset=32 (i32.add (local.get $src) (local.get $i))))
          (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
          (v128.store offset=32 (i32.add (local.get $g) (local.get $i)) (local.get $v))
          (local.set $v (v128.load offset=48 (i32.add (local.get $src) (local.get $i))))
          (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
          (v128.store offset=48 (i32.add (local.get $g) (local.get $i)) (local.get $v))
          (local.set $i (i32.add (local.get $i) (i32.const 64)))
          (br_if $f1 (i32.lt_u (local.get $i) (local.get $m))))
        (block $f2done
          (loop $f2
            (br_if $f2done (i32.ge_u (local.get $i) (local.get $be)))
            (local.set $x (f32x4.pmax (v128.load offset=0 (i32.sub (i32.add (local.get $g) (local.get $i)) (local.get $C4)))
              (local.tee $v (v128.load offset=0 (i32.add (local.get $src) (local.get $i))))))
            (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
            (v128.store offset=0 (i32.add (local.get $g) (local.get $i)) (local.get $x))
            (local.set $x (f32x4.pmax (v128.load offset=16 (i32.sub (i32.add (local.get $g) (local.get $i)) (local.get $C4)))
              (local.tee $v (v128.load offset=16 (i32.add (local.get $src) (local.get $i))))))
            (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
            (v128.store offset=16 (i32.add (local.get $g) (local.get $i)) (local.get $x))
            (local.set $x (f32x4.pmax (v128.load offset=32 (i32.sub (i32.add (local.get $g) (local.get $i)) (local.get $C4)))
              (local.tee $v (v128.load offset=32 (i32.add (local.get $src) (local.get $i))))))
            (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
            (v128.store offset=32 (i32.add (local.get $g) (local.get $i)) (local.get $x))
            (local.set $x (f32x4.pmax (v128.load offset=48 (i32.sub (i32.add (local.get $g) (local.get $i)) (local.get $C4)))
              (local.tee $v (v128.load offset=48 (i32.add (local.get $src) (local.get $i))))))
            (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
            (v128.store offset=48 (i32.add (local.get $g) (local.get $i)) (local.get $x))
            (local.set $i (i32.add (local.get $i) (i32.const 64)))
            (br $f2)))
        (local.set $bs (local.get $be))
        (br $fblk)))
    (local.set $sh (i32.sub (local.get $kb) (local.get $C4)))
    (local.set $bs (i32.const 0))
    (block $bdone
      (loop $bblk
        (br_if $bdone (i32.ge_u (local.get $bs) (local.get $lt)))
        (local.set $be (i32.add (local.get $bs) (local.get $kb)))
        (if (i32.gt_u (local.get $be) (local.get $lt)) (then (local.set $be (local.get $lt))))
        (local.set $m (i32.sub (local.get $be) (local.get $C4)))
        (local.set $i (local.get $be))
        (loop $b1
          (local.set $i (i32.sub (local.get $i) (i32.const 64)))
          (local.set $v (v128.load offset=48 (i32.add (local.get $src) (local.get $i))))
          (v128.store offset=48 (i32.add (local.get $h) (local.get $i)) (local.get $v))
          (if (i32.lt_u (local.get $i) (local.get $outLen))
              (then (v128.store offset=48 (i32.add (local.get $dst) (local.get $i))
                (f32x4.pmax (local.get $v) (v128.load offset=48 (i32.add (i32.add (local.get $g) (local.get $i)) (local.get $sh)))))))
          (local.set $v (v128.load offset=32 (i32.add (local.get $src) (local.get $i))))
          (v128.store offset=32 (i32.add (local.get $h) (local.get $i)) (local.get $v))
          (if (i32.lt_u (local.get $i) (local.get $outLen))
              (then (v128.store offset=32 (i32.add (local.get $dst) (local.get $i))
                (f32x4.pmax (local.get $v) (v128.load offset=32 (i32.add (i32.add (local.get $g) (local.get $i)) (local.get $sh)))))))
          (local.set $v (v128.load offset=16 (i32.add (local.get $src) (local.get $i))))
          (v128.store offset=16 (i32.add (local.get $h) (local.get $i)) (local.get $v))
          (if (i32.lt_u (local.get $i) (local.get $outLen))
              (then (v128.store offset=16 (i32.add (local.get $dst) (local.get $i))
                (f32x4.pmax (local.get $v) (v128.load offset=16 (i32.add (i32.add (local.get $g) (local.get $i)) (local.get $sh)))))))
          (local.set $v (v128.load offset=0 (i32.add (local.get $src) (local.get $i))))
          (v128.store offset=0 (i32.add (local.get $h) (local.get $i)) (local.get $v))
          (if (i32.lt_u (local.get $i) (local.get $outLen))
              (then (v128.store offset=0 (i32.add (local.get $dst) (local.get $i))
                (f32x4.pmax (local.get $v) (v128.load offset=0 (i32.add (i32.add (local.get $g) (local.get $i)) (local.get $sh)))))))
          (br_if $b1 (i32.gt_u (local.get $i) (local.get $m))))
        (block $b2done
          (loop $b2
            (br_if $b2done (i32.le_u (local.get $i) (local.get $bs)))
            (local.set $i (i32.sub (local.get $i) (i32.const 64)))
            (local.set $v (f32x4.pmax (v128.load offset=48 (i32.add (local.get $src) (local.get $i)))
              (v128.load offset=48 (i32.add (i32.add (local.get $h) (local.get $i)) (local.get $C4)))))
            (v128.store offset=48 (i32.add (local.get $h) (local.get $i)) (local.get $v))
            (if (i32.lt_u (local.get $i) (local.get $outLen))
              (then (v128.store offset=48 (i32.add (local.get $dst) (local.get $i))
                (f32x4.pmax (local.get $v) (v128.load offset=48 (i32.add (i32.add (local.get $g) (local.get $i)) (local.get $sh)))))))
            (local.set $v (f32x4.pmax (v128.load offset=32 (i32.add (local.get $src) (local.get $i)))
              (v128.load offset=32 (i32.add (i32.add (local.get $h) (local.get $i)) (local.get $C4)))))
            (v128.store offset=32 (i32.add (local.get $h) (local.get $i)) (local.get $v))
            (if (i32.lt_u (local.get $i) (local.get $outLen))
              (then (v128.store offset=32 (i32.add (local.get $dst) (local.get $i))
                (f32x4.pmax (local.get $v) (v128.load offset=32 (i32.add (i32.add (local.get $g) (local.get $i)) (local.get $sh)))))))
            (local.set $v (f32x4.pmax (v128.load offset=16 (i32.add (local.get $src) (local.get $i)))
              (v128.load offset=16 (i32.add (i32.add (local.get $h) (local.get $i)) (local.get $C4)))))
            (v128.store offset=16 (i32.add (local.get $h) (local.get $i)) (local.get $v))
            (if (i32.lt_u (local.get $i) (local.get $outLen))
              (then (v128.store offset=16 (i32.add (local.get $dst) (local.get $i))
                (f32x4.pmax (local.get $v) (v128.load offset=16 (i32.add (i32.add (local.get $g) (local.get $i)) (local.get $sh)))))))
            (local.set $v (f32x4.pmax (v128.load offset=0 (i32.add (local.get $src) (local.get $i)))
              (v128.load offset=0 (i32.add (i32.add (local.get $h) (local.get $i)) (local.get $C4)))))
            (v128.store offset=0 (i32.add (local.get $h) (local.get $i)) (local.get $v))
            (if (i32.lt_u (local.get $i) (local.get $outLen))
              (then (v128.store offset=0 (i32.add (local.get $dst) (local.get $i))
                (f32x4.pmax (local.get $v) (v128.load offset=0 (i32.add (i32.add (local.get $g) (local.get $i)) (local.get $sh)))))))
            (br $b2)))
        (local.set $bs (local.get $be))
        (br $bblk)))
    (v128.any_true (local.get $nan)))

  ;; hmax3 / vmax3f: hmaxk with k = 3 and vmaxf over 3 rows (r0, r1, r2 in order), unrolled (3x3 is the common
  ;; stride-1 case). Same rules: pmax keeps the earlier cell on ties; NaN-free rows only.
  (func (export "hmax3") (param $src i32) (param $len i32) (param $C4 i32) (param $dst i32)
    (local $end i32) (local $C8 i32)
    (local.set $end (i32.add (local.get $src) (local.get $len)))
    (local.set $C8 (i32.shl (local.get $C4) (i32.const 1)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (v128.store (local.get $dst)
          (f32x4.pmax (f32x4.pmax (v128.load (local.get $src)) (v128.load (i32.add (local.get $src) (local.get $C4))))
            (v128.load (i32.add (local.get $src) (local.get $C8)))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $l))))

  (func (export "vmax3f") (param $r0 i32) (param $r1 i32) (param $r2 i32) (param $len i32) (param $dst i32)
    (param $from f32) (param $to f32)
    (local $i i32) (local $acc v128) (local $fromv v128) (local $tov v128)
    (local.set $fromv (f32x4.splat (local.get $from)))
    (local.set $tov (f32x4.splat (local.get $to)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $acc (f32x4.pmax
          (f32x4.pmax (v128.load (i32.add (local.get $r0) (local.get $i))) (v128.load (i32.add (local.get $r1) (local.get $i))))
          (v128.load (i32.add (local.get $r2) (local.get $i)))))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (v128.bitselect (local.get $tov) (local.get $acc) (f32x4.eq (local.get $acc) (local.get $fromv))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l))))

;; hvmax3: hmax3 of a new padded input row (into its ring slot $hNew) fused with vmax3f of the output row whose
  ;; window is (row $h0, row $h1, the new row), in one pass, plus hasnan of the new row's cells (the centre
  ;; loads, which cover every cell when the row's output is as wide as its input). Returns that NaN flag: when
  ;; it is 1, the pmax results written are wrong for NaN and the driver redoes the row with the NaN-aware
  ;; kernels. Same pmax order as hmax3 then vmax3f, so the same ties. Unrolled to 64 bytes a step (measured: 22 %
  ;; faster than 16): it may run up to 48 bytes past $len, which the driver's SLACK after every row covers.
  (func (export "hvmax3") (param $src i32) (param $len i32) (param $C4 i32) (param $hNew i32) (param $h0 i32)
    (param $h1 i32) (param $dst i32) (param $floor f32) (result i32)
    (local $i i32) (local $p i32) (local $C8 i32) (local $b v128) (local $h v128) (local $acc v128)
    (local $nan v128) (local $floorv v128)
    (local.set $floorv (f32x4.splat (local.get $floor)))
    (local.set $C8 (i32.shl (local.get $C4) (i32.const 1)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $p (i32.add (local.get $src) (local.get $i)))
        (local.set $b (v128.load (i32.add (local.get $p) (local.get $C4))))
        (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $b) (local.get $b))))
        (local.set $h (f32x4.pmax (f32x4.pmax (v128.load (local.get $p)) (local.get $b))
          (v128.load (i32.add (local.get $p) (local.get $C8)))))
        (v128.store (i32.add (local.get $hNew) (local.get $i)) (local.get $h))
        (local.set $acc (f32x4.pmax
          (f32x4.pmax (v128.load (i32.add (local.get $h0) (local.get $i))) (v128.load (i32.add (local.get $h1) (local.get $i))))
          (local.get $h)))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (f32x4.pmax (local.get $acc) (local.get $floorv)))
        (local.set $b (v128.load offset=16 (i32.add (local.get $p) (local.get $C4))))
        (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $b) (local.get $b))))
        (local.set $h (f32x4.pmax (f32x4.pmax (v128.load offset=16 (local.get $p)) (local.get $b))
          (v128.load offset=16 (i32.add (local.get $p) (local.get $C8)))))
        (v128.store offset=16 (i32.add (local.get $hNew) (local.get $i)) (local.get $h))
        (local.set $acc (f32x4.pmax
          (f32x4.pmax (v128.load offset=16 (i32.add (local.get $h0) (local.get $i))) (v128.load offset=16 (i32.add (local.get $h1) (local.get $i))))
          (local.get $h)))
        (v128.store offset=16 (i32.add (local.get $dst) (local.get $i))
          (f32x4.pmax (local.get $acc) (local.get $floorv)))
        (local.set $b (v128.load offset=32 (i32.add (local.get $p) (local.get $C4))))
        (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $b) (local.get $b))))
        (local.set $h (f32x4.pmax (f32x4.pmax (v128.load offset=32 (local.get $p)) (local.get $b))
          (v128.load offset=32 (i32.add (local.get $p) (local.get $C8)))))
        (v128.store offset=32 (i32.add (local.get $hNew) (local.get $i)) (local.get $h))
        (local.set $acc (f32x4.pmax
          (f32x4.pmax (v128.load offset=32 (i32.add (local.get $h0) (local.get $i))) (v128.load offset=32 (i32.add (local.get $h1) (local.get $i))))
          (local.get $h)))
        (v128.store offset=32 (i32.add (local.get $dst) (local.get $i))
          (f32x4.pmax (local.get $acc) (local.get $floorv)))
        (local.set $b (v128.load offset=48 (i32.add (local.get $p) (local.get $C4))))
        (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $b) (local.get $b))))
        (local.set $h (f32x4.pmax (f32x4.pmax (v128.load offset=48 (local.get $p)) (local.get $b))
          (v128.load offset=48 (i32.add (local.get $p) (local.get $C8)))))
        (v128.store offset=48 (i32.add (local.get $hNew) (local.get $i)) (local.get $h))
        (local.set $acc (f32x4.pmax
          (f32x4.pmax (v128.load offset=48 (i32.add (local.get $h0) (local.get $i))) (v128.load offset=48 (i32.add (local.get $h1) (local.get $i))))
          (local.get $h)))
        (v128.store offset=48 (i32.add (local.get $dst) (local.get $i))
          (f32x4.pmax (local.get $acc) (local.get $floorv)))
        (local.set $i (i32.add (local.get $i) (i32.const 64)))
        (br $l)))
    (v128.any_true (local.get $nan)))

  ;; hvmax7: float32 stride-1 max pooling with windows of k = 4..7 cells along W and kH = 4..7 rows along H
  ;; (cells of 64-byte multiples, NaN-free rows), one call per padded row e, both passes in one forward pass.
  ;; Along W, from 3-cell maxima m3[c] = pmax(pmax(x[c], x[c+1]), x[c+2]) of the padded row at $src, kept in a
  ;; ring of $d = k - 3 cells at $ring (m3[c] and m3[c+d] share a slot): h[c] = pmax(pmax(m3[c], x[c+3]),
  ;; m3[c+d]) covers cells c..c+k-1, stored at $hNew (the row's ring slot). Along H the same with rows:
  ;; M[e-2] = pmax(pmax(slot e-2 ($sA), slot e-1 ($sB)), h) is stored at $mrow over the M row of kH - 3 rows
  ;; before, M[o] (o = e - kH + 1, the output row), after dst = pmax(pmax(pmax(M[o], $sMid), M[e-2]), $floor),
  ;; $sMid a slot of the window (o + 3 when kH >= 5). Overlapping operands taken left to right keep the earliest
  ;; cell on ties, as pmax left to right does; $floor clamps as in vmax2gc. Returns whether the row holds a NaN
  ;; (every padded cell is checked: the prologue's loads cover cells 0..d+1, the main loop's x[c+k-1] the rest);
  ;; then the results are wrong and the driver redoes the row. $len (the output row's bytes) is a multiple of 64.
  (func (export "hvmax7") (param $src i32) (param $len i32) (param $C4 i32) (param $d i32) (param $ring i32)
    (param $hNew i32) (param $sA i32) (param $sB i32) (param $mrow i32) (param $sMid i32) (param $dst i32)
    (param $floor f32) (result i32)
    (local $i i32) (local $j i32) (local $p i32) (local $C8 i32) (local $ringB i32) (local $q0 i32) (local $q1 i32)
    (local $q2 i32) (local $q3 i32) (local $v v128) (local $x v128) (local $m v128) (local $h v128) (local $nan v128)
    (local $floorv v128)
    (local.set $floorv (f32x4.splat (local.get $floor)))
    (local.set $C8 (i32.shl (local.get $C4) (i32.const 1)))
    (local.set $ringB (i32.mul (local.get $d) (local.get $C4)))
    (local.set $p (local.get $src))
    (block $pdone
      (loop $pl
        (br_if $pdone (i32.ge_u (local.get $j) (local.get $ringB)))
          (local.set $v (v128.load offset=0 (local.get $p)))
          (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
          (local.set $x (v128.load offset=0 (i32.add (local.get $p) (local.get $C4))))
          (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $x) (local.get $x))))
          (local.set $v (f32x4.pmax (local.get $v) (local.get $x)))
          (local.set $x (v128.load offset=0 (i32.add (local.get $p) (local.get $C8))))
          (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $x) (local.get $x))))
          (v128.store offset=0 (i32.add (local.get $ring) (local.get $j)) (f32x4.pmax (local.get $v) (local.get $x)))
          (local.set $v (v128.load offset=16 (local.get $p)))
          (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
          (local.set $x (v128.load offset=16 (i32.add (local.get $p) (local.get $C4))))
          (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $x) (local.get $x))))
          (local.set $v (f32x4.pmax (local.get $v) (local.get $x)))
          (local.set $x (v128.load offset=16 (i32.add (local.get $p) (local.get $C8))))
          (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $x) (local.get $x))))
          (v128.store offset=16 (i32.add (local.get $ring) (local.get $j)) (f32x4.pmax (local.get $v) (local.get $x)))
          (local.set $v (v128.load offset=32 (local.get $p)))
          (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
          (local.set $x (v128.load offset=32 (i32.add (local.get $p) (local.get $C4))))
          (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $x) (local.get $x))))
          (local.set $v (f32x4.pmax (local.get $v) (local.get $x)))
          (local.set $x (v128.load offset=32 (i32.add (local.get $p) (local.get $C8))))
          (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $x) (local.get $x))))
          (v128.store offset=32 (i32.add (local.get $ring) (local.get $j)) (f32x4.pmax (local.get $v) (local.get $x)))
          (local.set $v (v128.load offset=48 (local.get $p)))
          (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $v) (local.get $v))))
          (local.set $x (v128.load offset=48 (i32.add (local.get $p) (local.get $C4))))
          (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $x) (local.get $x))))
          (local.set $v (f32x4.pmax (local.get $v) (local.get $x)))
          (local.set $x (v128.load offset=48 (i32.add (local.get $p) (local.get $C8))))
          (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $x) (local.get $x))))
          (v128.store offset=48 (i32.add (local.get $ring) (local.get $j)) (f32x4.pmax (local.get $v) (local.get $x)))
        (local.set $p (i32.add (local.get $p) (i32.const 64)))
        (local.set $j (i32.add (local.get $j) (i32.const 64)))
        (br $pl)))
    (local.set $j (i32.const 0))
    (local.set $q0 (i32.add (local.get $src) (i32.add (local.get $C8) (local.get $C4))))
    (local.set $q1 (i32.add (local.get $src) (local.get $ringB)))
    (local.set $q2 (i32.add (local.get $q1) (local.get $C4)))
    (local.set $q3 (i32.add (local.get $q2) (local.get $C4)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $x (v128.load offset=0 (i32.add (local.get $q3) (local.get $i))))
        (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $x) (local.get $x))))
        (local.set $m (f32x4.pmax (f32x4.pmax (v128.load offset=0 (i32.add (local.get $q1) (local.get $i)))
          (v128.load offset=0 (i32.add (local.get $q2) (local.get $i)))) (local.get $x)))
        (local.set $h (f32x4.pmax (f32x4.pmax (v128.load offset=0 (i32.add (local.get $ring) (local.get $j)))
          (v128.load offset=0 (i32.add (local.get $q0) (local.get $i)))) (local.get $m)))
        (v128.store offset=0 (i32.add (local.get $ring) (local.get $j)) (local.get $m))
        (v128.store offset=0 (i32.add (local.get $hNew) (local.get $i)) (local.get $h))
        (local.set $m (f32x4.pmax (f32x4.pmax (v128.load offset=0 (i32.add (local.get $sA) (local.get $i)))
          (v128.load offset=0 (i32.add (local.get $sB) (local.get $i)))) (local.get $h)))
        (local.set $h (f32x4.pmax (f32x4.pmax (v128.load offset=0 (i32.add (local.get $mrow) (local.get $i)))
          (v128.load offset=0 (i32.add (local.get $sMid) (local.get $i)))) (local.get $m)))
        (v128.store offset=0 (i32.add (local.get $mrow) (local.get $i)) (local.get $m))
        (v128.store offset=0 (i32.add (local.get $dst) (local.get $i)) (f32x4.pmax (local.get $h) (local.get $floorv)))
        (local.set $x (v128.load offset=16 (i32.add (local.get $q3) (local.get $i))))
        (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $x) (local.get $x))))
        (local.set $m (f32x4.pmax (f32x4.pmax (v128.load offset=16 (i32.add (local.get $q1) (local.get $i)))
          (v128.load offset=16 (i32.add (local.get $q2) (local.get $i)))) (local.get $x)))
        (local.set $h (f32x4.pmax (f32x4.pmax (v128.load offset=16 (i32.add (local.get $ring) (local.get $j)))
          (v128.load offset=16 (i32.add (local.get $q0) (local.get $i)))) (local.get $m)))
        (v128.store offset=16 (i32.add (local.get $ring) (local.get $j)) (local.get $m))
        (v128.store offset=16 (i32.add (local.get $hNew) (local.get $i)) (local.get $h))
        (local.set $m (f32x4.pmax (f32x4.pmax (v128.load offset=16 (i32.add (local.get $sA) (local.get $i)))
          (v128.load offset=16 (i32.add (local.get $sB) (local.get $i)))) (local.get $h)))
        (local.set $h (f32x4.pmax (f32x4.pmax (v128.load offset=16 (i32.add (local.get $mrow) (local.get $i)))
          (v128.load offset=16 (i32.add (local.get $sMid) (local.get $i)))) (local.get $m)))
        (v128.store offset=16 (i32.add (local.get $mrow) (local.get $i)) (local.get $m))
        (v128.store offset=16 (i32.add (local.get $dst) (local.get $i)) (f32x4.pmax (local.get $h) (local.get $floorv)))
        (local.set $x (v128.load offset=32 (i32.add (local.get $q3) (local.get $i))))
        (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $x) (local.get $x))))
        (local.set $m (f32x4.pmax (f32x4.pmax (v128.load offset=32 (i32.add (local.get $q1) (local.get $i)))
          (v128.load offset=32 (i32.add (local.get $q2) (local.get $i)))) (local.get $x)))
        (local.set $h (f32x4.pmax (f32x4.pmax (v128.load offset=32 (i32.add (local.get $ring) (local.get $j)))
          (v128.load offset=32 (i32.add (local.get $q0) (local.get $i)))) (local.get $m)))
        (v128.store offset=32 (i32.add (local.get $ring) (local.get $j)) (local.get $m))
        (v128.store offset=32 (i32.add (local.get $hNew) (local.get $i)) (local.get $h))
        (local.set $m (f32x4.pmax (f32x4.pmax (v128.load offset=32 (i32.add (local.get $sA) (local.get $i)))
          (v128.load offset=32 (i32.add (local.get $sB) (local.get $i)))) (local.get $h)))
        (local.set $h (f32x4.pmax (f32x4.pmax (v128.load offset=32 (i32.add (local.get $mrow) (local.get $i)))
          (v128.load offset=32 (i32.add (local.get $sMid) (local.get $i)))) (local.get $m)))
        (v128.store offset=32 (i32.add (local.get $mrow) (local.get $i)) (local.get $m))
        (v128.store offset=32 (i32.add (local.get $dst) (local.get $i)) (f32x4.pmax (local.get $h) (local.get $floorv)))
        (local.set $x (v128.load offset=48 (i32.add (local.get $q3) (local.get $i))))
        (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $x) (local.get $x))))
        (local.set $m (f32x4.pmax (f32x4.pmax (v128.load offset=48 (i32.add (local.get $q1) (local.get $i)))
          (v128.load offset=48 (i32.add (local.get $q2) (local.get $i)))) (local.get $x)))
        (local.set $h (f32x4.pmax (f32x4.pmax (v128.load offset=48 (i32.add (local.get $ring) (local.get $j)))
          (v128.load offset=48 (i32.add (local.get $q0) (local.get $i)))) (local.get $m)))
        (v128.store offset=48 (i32.add (local.get $ring) (local.get $j)) (local.get $m))
        (v128.store offset=48 (i32.add (local.get $hNew) (local.get $i)) (local.get $h))
        (local.set $m (f32x4.pmax (f32x4.pmax (v128.load offset=48 (i32.add (local.get $sA) (local.get $i)))
          (v128.load offset=48 (i32.add (local.get $sB) (local.get $i)))) (local.get $h)))
        (local.set $h (f32x4.pmax (f32x4.pmax (v128.load offset=48 (i32.add (local.get $mrow) (local.get $i)))
          (v128.load offset=48 (i32.add (local.get $sMid) (local.get $i)))) (local.get $m)))
        (v128.store offset=48 (i32.add (local.get $mrow) (local.get $i)) (local.get $m))
        (v128.store offset=48 (i32.add (local.get $dst) (local.get $i)) (f32x4.pmax (local.get $h) (local.get $floorv)))
        (local.set $i (i32.add (local.get $i) (i32.const 64)))
        (local.set $j (i32.add (local.get $j) (i32.const 64)))
        (if (i32.eq (local.get $j) (local.get $ringB)) (then (local.set $j (i32.const 0))))
        (br $l)))
    (v128.any_true (local.get $nan)))

  ;; hsum3 / vsum3: hsumk with k = 3 and vsum over 3 rows (r0, r1, r2 in order), unrolled. Same order of
  ;; additions as the TypeScript path: ((+0 + a) + b) + c; rows: ((+0 + r0) + r1) + r2, where +0 + r0 = r0
  ;; because a row sum from +0 is never -0.
  (func (export "hsum3") (param $src i32) (param $len i32) (param $C4 i32) (param $dst i32)
    (local $end i32) (local $C8 i32) (local $a v128) (local $b v128) (local $c v128)
    (local.set $end (i32.add (local.get $src) (local.get $len)))
    (local.set $C8 (i32.shl (local.get $C4) (i32.const 1)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $a (v128.load (local.get $src)))
        (local.set $b (v128.load (i32.add (local.get $src) (local.get $C4))))
        (local.set $c (v128.load (i32.add (local.get $src) (local.get $C8))))
        (v128.store (local.get $dst)
          (f64x2.add (f64x2.add (f64x2.add (f64x2.splat (f64.const 0)) (f64x2.promote_low_f32x4 (local.get $a))) (f64x2.promote_low_f32x4 (local.get $b))) (f64x2.promote_low_f32x4 (local.get $c))))
        (v128.store offset=16 (local.get $dst)
          (f64x2.add (f64x2.add (f64x2.add (f64x2.splat (f64.const 0)) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $a) (local.get $a))))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $b) (local.get $b))))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $c) (local.get $c)))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
        (br $l))))

  (func (export "vsum3") (param $r0 i32) (param $r1 i32) (param $r2 i32) (param $len i32) (param $divRow i32)
    (param $dH f64) (param $dst i32)
    (local $i i32) (local $off i32) (local $dHv v128)
    (local.set $dHv (f64x2.splat (local.get $dH)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $off (i32.shl (local.get $i) (i32.const 1)))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.div
              (f64x2.add (f64x2.add (v128.load (i32.add (local.get $r0) (local.get $off)))
                (v128.load (i32.add (local.get $r1) (local.get $off)))) (v128.load (i32.add (local.get $r2) (local.get $off))))
              (f64x2.mul (local.get $dHv) (v128.load (i32.add (local.get $divRow) (local.get $off))))))
            (f32x4.demote_f64x2_zero (f64x2.div
              (f64x2.add (f64x2.add (v128.load offset=16 (i32.add (local.get $r0) (local.get $off)))
                (v128.load offset=16 (i32.add (local.get $r1) (local.get $off))))
                (v128.load offset=16 (i32.add (local.get $r2) (local.get $off))))
              (f64x2.mul (local.get $dHv) (v128.load offset=16 (i32.add (local.get $divRow) (local.get $off))))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l))))

  ;; hvsum3: hsum3 of a new input row (into its ring slot $hNew) fused with vsum3 of the output row whose window
  ;; is (row $h0, row $h1, the new row), in one pass: the new row's sums go to the ring and into the vertical
  ;; sum while still in registers. Same additions in the same order as hsum3 then vsum3.
  ;; Divisor: output bytes [$dlo, $dhi) (multiples of 16) all divide by $dv, which the caller computes as
  ;; dH * divRow there (the same float64 product), so the interior of the row needs no divRow stream (it made
  ;; the kernel about 15% slower); the few edge vectors still read divRow.
  (func (export "hvsum3") (param $src i32) (param $len i32) (param $C4 i32) (param $hNew i32) (param $h0 i32)
    (param $h1 i32) (param $divRow i32) (param $dH f64) (param $dst i32) (param $dlo i32) (param $dhi i32) (param $dv f64)
    (local $i i32) (local $off i32) (local $p i32) (local $C8 i32) (local $dHv v128) (local $dvv v128)
    (local $d0 v128) (local $d1 v128)
    (local $a v128) (local $b v128) (local $c v128) (local $lo v128) (local $hi v128)
    (local.set $dHv (f64x2.splat (local.get $dH)))
    (local.set $dvv (f64x2.splat (local.get $dv)))
    (local.set $C8 (i32.shl (local.get $C4) (i32.const 1)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $p (i32.add (local.get $src) (local.get $i)))
        (local.set $off (i32.shl (local.get $i) (i32.const 1)))
        (if (i32.and (i32.ge_u (local.get $i) (local.get $dlo)) (i32.lt_u (local.get $i) (local.get $dhi)))
          (then (local.set $d0 (local.get $dvv)) (local.set $d1 (local.get $dvv)))
          (else
            (local.set $d0 (f64x2.mul (local.get $dHv) (v128.load (i32.add (local.get $divRow) (local.get $off)))))
            (local.set $d1 (f64x2.mul (local.get $dHv) (v128.load offset=16 (i32.add (local.get $divRow) (local.get $off)))))))
        (local.set $a (f32x4.add (v128.load (local.get $p)) (v128.const f32x4 0 0 0 0)))
        (local.set $b (v128.load (i32.add (local.get $p) (local.get $C4))))
        (local.set $c (v128.load (i32.add (local.get $p) (local.get $C8))))
        (local.set $lo
          (f64x2.add (f64x2.add (f64x2.promote_low_f32x4 (local.get $a)) (f64x2.promote_low_f32x4 (local.get $b))) (f64x2.promote_low_f32x4 (local.get $c))))
        (local.set $hi
          (f64x2.add (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $a) (local.get $a)))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $b) (local.get $b))))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $c) (local.get $c)))))
        (v128.store (i32.add (local.get $hNew) (local.get $off)) (local.get $lo))
        (v128.store offset=16 (i32.add (local.get $hNew) (local.get $off)) (local.get $hi))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.div
              (f64x2.add (f64x2.add (v128.load (i32.add (local.get $h0) (local.get $off)))
                (v128.load (i32.add (local.get $h1) (local.get $off)))) (local.get $lo))
              (local.get $d0)))
            (f32x4.demote_f64x2_zero (f64x2.div
              (f64x2.add (f64x2.add (v128.load offset=16 (i32.add (local.get $h0) (local.get $off)))
                (v128.load offset=16 (i32.add (local.get $h1) (local.get $off)))) (local.get $hi))
              (local.get $d1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        ;; second vector of the pair (see above: may run one vector past $len)
        (local.set $p (i32.add (local.get $src) (local.get $i)))
        (local.set $off (i32.shl (local.get $i) (i32.const 1)))
        (if (i32.and (i32.ge_u (local.get $i) (local.get $dlo)) (i32.lt_u (local.get $i) (local.get $dhi)))
          (then (local.set $d0 (local.get $dvv)) (local.set $d1 (local.get $dvv)))
          (else
            (local.set $d0 (f64x2.mul (local.get $dHv) (v128.load (i32.add (local.get $divRow) (local.get $off)))))
            (local.set $d1 (f64x2.mul (local.get $dHv) (v128.load offset=16 (i32.add (local.get $divRow) (local.get $off)))))))
        (local.set $a (f32x4.add (v128.load (local.get $p)) (v128.const f32x4 0 0 0 0)))
        (local.set $b (v128.load (i32.add (local.get $p) (local.get $C4))))
        (local.set $c (v128.load (i32.add (local.get $p) (local.get $C8))))
        (local.set $lo
          (f64x2.add (f64x2.add (f64x2.promote_low_f32x4 (local.get $a)) (f64x2.promote_low_f32x4 (local.get $b))) (f64x2.promote_low_f32x4 (local.get $c))))
        (local.set $hi
          (f64x2.add (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $a) (local.get $a)))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $b) (local.get $b))))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $c) (local.get $c)))))
        (v128.store (i32.add (local.get $hNew) (local.get $off)) (local.get $lo))
        (v128.store offset=16 (i32.add (local.get $hNew) (local.get $off)) (local.get $hi))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.div
              (f64x2.add (f64x2.add (v128.load (i32.add (local.get $h0) (local.get $off)))
                (v128.load (i32.add (local.get $h1) (local.get $off)))) (local.get $lo))
              (local.get $d0)))
            (f32x4.demote_f64x2_zero (f64x2.div
              (f64x2.add (f64x2.add (v128.load offset=16 (i32.add (local.get $h0) (local.get $off)))
                (v128.load offset=16 (i32.add (local.get $h1) (local.get $off)))) (local.get $hi))
              (local.get $d1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l))))
  ;; hvsum3x2: hvsum3 for two output rows at once, whose windows are (h0, h1, new row 0) and (h1, new row 0, new
  ;; row 1): the two new input rows' sums go to their ring slots ($hN0, $hN1) and into both vertical sums while
  ;; in registers, and the ring rows are read and written once for two output rows: 4 row streams of float64
  ;; for two output rows instead of 6 (ring traffic, more than the arithmetic, bounds hvsum3 on wide rows: a
  ;; kernel with only hvsum3's loads and stores takes ~80 % of its time). Measured ~12-15 % faster than hvsum3
  ;; per output row on [1,512,512,64] and [8,224,224,64]; more rows per call (4, 8) or unrolling did not help.
  ;; Same additions in the same order.
  ;; Input rows: $src and $src + $stride, in padded coordinates (byte 0 is the first cell of the window of output
  ;; cell 0), read in place without staging: only bytes [$plo, $plo + $wb) of a row are its cells, every other
  ;; byte reads as +0 (masked lanes, on the vectors outside [$flo, $fhi)). The fast loop runs output bytes
  ;; [$flo, $fhi) (multiples of 16, $flo >= 16, inside [$dlo, $dhi) and reading only cells): no masks, divisor
  ;; $dv. Elsewhere output bytes [$dlo, $dhi) divide by $dv and the rest by $dH * divRow: both rows have the same
  ;; divisors (the driver pairs rows of equal dH: every 3-row window has dH = 3, or the override).
  ;; $hN1 may be the slot of $h0: each vector's ring loads come before its ring stores.
  ;; Row 0 may write up to 12 bytes past its end, into the first vector of row 1 when the rows are contiguous:
  ;; that vector of row 1 (output byte 0) is stored last.
  (func (export "hvsum3x2") (param $src i32) (param $stride i32) (param $len i32) (param $C4 i32) (param $plo i32)
    (param $wb i32) (param $h0 i32) (param $h1 i32) (param $hN0 i32) (param $hN1 i32) (param $divRow i32)
    (param $dH f64) (param $dst0 i32) (param $dst1 i32) (param $dlo i32) (param $dhi i32) (param $dv f64)
    (param $flo i32) (param $fhi i32)
    (local $i i32) (local $off i32) (local $C8 i32) (local $first v128)
    (local $p0 i32) (local $p1 i32) (local $q0 i32) (local $q1 i32) (local $n0 i32) (local $n1 i32) (local $o0 i32)
    (local $o1 i32) (local $pe i32)
    (local $dvv v128) (local $dl v128) (local $dh v128)
    (local $m v128) (local $m0 v128) (local $m1 v128) (local $m2 v128) (local $wbv v128)
    (local $a v128) (local $b v128) (local $c v128) (local $l0 v128) (local $g0 v128) (local $l1 v128) (local $g1 v128)
    (local $sl v128) (local $sh v128)
    (local.set $dvv (f64x2.splat (local.get $dv)))
    (local.set $C8 (i32.shl (local.get $C4) (i32.const 1)))
    (local.set $wbv (i32x4.splat (local.get $wb)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (if (i32.and (i32.eq (local.get $i) (local.get $flo)) (i32.lt_u (local.get $flo) (local.get $fhi)))
          (then
            (local.set $off (i32.shl (local.get $i) (i32.const 1)))
            (local.set $p0 (i32.add (local.get $src) (local.get $i)))
            (local.set $p1 (i32.add (local.get $p0) (local.get $stride)))
            (local.set $pe (i32.add (local.get $src) (local.get $fhi)))
            (local.set $q0 (i32.add (local.get $h0) (local.get $off)))
            (local.set $q1 (i32.add (local.get $h1) (local.get $off)))
            (local.set $n0 (i32.add (local.get $hN0) (local.get $off)))
            (local.set $n1 (i32.add (local.get $hN1) (local.get $off)))
            (local.set $o0 (i32.add (local.get $dst0) (local.get $i)))
            (local.set $o1 (i32.add (local.get $dst1) (local.get $i)))
            (loop $f
              ;; (l0, g0), (sl, sh): the window's first two row sums (low and high lanes), from h0 and h1
              (local.set $l0 (v128.load (local.get $q0)))
              (local.set $g0 (v128.load offset=16 (local.get $q0)))
              (local.set $sl (v128.load (local.get $q1)))
              (local.set $sh (v128.load offset=16 (local.get $q1)))
              ;; new row 0: its 3-cell sums from +0 (l1, g1); output row 0 = ((h0 + h1) + new row 0) / dv
              (local.set $a (f32x4.add (v128.load (local.get $p0)) (v128.const f32x4 0 0 0 0)))
              (local.set $b (v128.load (i32.add (local.get $p0) (local.get $C4))))
              (local.set $c (v128.load (i32.add (local.get $p0) (local.get $C8))))
              (local.set $l1
                (f64x2.add (f64x2.add (f64x2.promote_low_f32x4 (local.get $a)) (f64x2.promote_low_f32x4 (local.get $b))) (f64x2.promote_low_f32x4 (local.get $c))))
              (local.set $g1
                (f64x2.add (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $a) (local.get $a)))
                  (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $b) (local.get $b))))
                  (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $c) (local.get $c)))))
              (v128.store (local.get $o0)
                (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                  (f32x4.demote_f64x2_zero (f64x2.div
                    (f64x2.add (f64x2.add (local.get $l0) (local.get $sl)) (local.get $l1)) (local.get $dvv)))
                  (f32x4.demote_f64x2_zero (f64x2.div
                    (f64x2.add (f64x2.add (local.get $g0) (local.get $sh)) (local.get $g1)) (local.get $dvv)))))
              (local.set $l0 (local.get $sl)) (local.set $g0 (local.get $sh))
              (local.set $sl (local.get $l1)) (local.set $sh (local.get $g1))
              ;; new row 1; output row 1 = ((h1 + new row 0) + new row 1) / dv
              (local.set $a (f32x4.add (v128.load (local.get $p1)) (v128.const f32x4 0 0 0 0)))
              (local.set $b (v128.load (i32.add (local.get $p1) (local.get $C4))))
              (local.set $c (v128.load (i32.add (local.get $p1) (local.get $C8))))
              (local.set $l1
                (f64x2.add (f64x2.add (f64x2.promote_low_f32x4 (local.get $a)) (f64x2.promote_low_f32x4 (local.get $b))) (f64x2.promote_low_f32x4 (local.get $c))))
              (local.set $g1
                (f64x2.add (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $a) (local.get $a)))
                  (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $b) (local.get $b))))
                  (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $c) (local.get $c)))))
              (v128.store (local.get $o1)
                (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
                  (f32x4.demote_f64x2_zero (f64x2.div
                    (f64x2.add (f64x2.add (local.get $l0) (local.get $sl)) (local.get $l1)) (local.get $dvv)))
                  (f32x4.demote_f64x2_zero (f64x2.div
                    (f64x2.add (f64x2.add (local.get $g0) (local.get $sh)) (local.get $g1)) (local.get $dvv)))))
              ;; the new rows' sums to their ring slots (after every load of h0, whose slot $hN1 may be)
              (v128.store (local.get $n0) (local.get $sl))
              (v128.store offset=16 (local.get $n0) (local.get $sh))
              (v128.store (local.get $n1) (local.get $l1))
              (v128.store offset=16 (local.get $n1) (local.get $g1))
              (local.set $p0 (i32.add (local.get $p0) (i32.const 16)))
              (local.set $p1 (i32.add (local.get $p1) (i32.const 16)))
              (local.set $o0 (i32.add (local.get $o0) (i32.const 16)))
              (local.set $o1 (i32.add (local.get $o1) (i32.const 16)))
              (local.set $q0 (i32.add (local.get $q0) (i32.const 32)))
              (local.set $q1 (i32.add (local.get $q1) (i32.const 32)))
              (local.set $n0 (i32.add (local.get $n0) (i32.const 32)))
              (local.set $n1 (i32.add (local.get $n1) (i32.const 32)))
              (br_if $f (i32.lt_u (local.get $p0) (local.get $pe))))
            (local.set $i (local.get $fhi))
            (br $l)))
        ;; one vector anywhere in the row: lanes outside the row's cells read +0; per-lane masks of the 3 taps
        (local.set $off (i32.shl (local.get $i) (i32.const 1)))
        (local.set $m (i32x4.add (i32x4.splat (i32.sub (local.get $i) (local.get $plo))) (v128.const i32x4 0 4 8 12)))
        (local.set $m0 (i32x4.lt_u (local.get $m) (local.get $wbv)))
        (local.set $m1 (i32x4.lt_u (i32x4.add (local.get $m) (i32x4.splat (local.get $C4))) (local.get $wbv)))
        (local.set $m2 (i32x4.lt_u (i32x4.add (local.get $m) (i32x4.splat (local.get $C8))) (local.get $wbv)))
        (if (i32.and (i32.ge_u (local.get $i) (local.get $dlo)) (i32.lt_u (local.get $i) (local.get $dhi)))
          (then (local.set $dl (local.get $dvv)) (local.set $dh (local.get $dvv)))
          (else
            (local.set $dl (f64x2.mul (f64x2.splat (local.get $dH)) (v128.load (i32.add (local.get $divRow) (local.get $off)))))
            (local.set $dh (f64x2.mul (f64x2.splat (local.get $dH)) (v128.load offset=16 (i32.add (local.get $divRow) (local.get $off)))))))
        (local.set $p0 (i32.add (local.get $src) (local.get $i)))
        (local.set $a (f32x4.add (v128.and (v128.load (local.get $p0)) (local.get $m0)) (v128.const f32x4 0 0 0 0)))
        (local.set $b (v128.and (v128.load (i32.add (local.get $p0) (local.get $C4))) (local.get $m1)))
        (local.set $c (v128.and (v128.load (i32.add (local.get $p0) (local.get $C8))) (local.get $m2)))
        (local.set $l0
          (f64x2.add (f64x2.add (f64x2.promote_low_f32x4 (local.get $a)) (f64x2.promote_low_f32x4 (local.get $b))) (f64x2.promote_low_f32x4 (local.get $c))))
        (local.set $g0
          (f64x2.add (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $a) (local.get $a)))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $b) (local.get $b))))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $c) (local.get $c)))))
        (local.set $p1 (i32.add (local.get $p0) (local.get $stride)))
        (local.set $a (f32x4.add (v128.and (v128.load (local.get $p1)) (local.get $m0)) (v128.const f32x4 0 0 0 0)))
        (local.set $b (v128.and (v128.load (i32.add (local.get $p1) (local.get $C4))) (local.get $m1)))
        (local.set $c (v128.and (v128.load (i32.add (local.get $p1) (local.get $C8))) (local.get $m2)))
        (local.set $l1
          (f64x2.add (f64x2.add (f64x2.promote_low_f32x4 (local.get $a)) (f64x2.promote_low_f32x4 (local.get $b))) (f64x2.promote_low_f32x4 (local.get $c))))
        (local.set $g1
          (f64x2.add (f64x2.add (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $a) (local.get $a)))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $b) (local.get $b))))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $c) (local.get $c)))))
        (local.set $sl (v128.load (i32.add (local.get $h1) (local.get $off))))
        (local.set $sh (v128.load offset=16 (i32.add (local.get $h1) (local.get $off))))
        (v128.store (i32.add (local.get $dst0) (local.get $i))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.div
              (f64x2.add (f64x2.add (v128.load (i32.add (local.get $h0) (local.get $off))) (local.get $sl)) (local.get $l0))
              (local.get $dl)))
            (f32x4.demote_f64x2_zero (f64x2.div
              (f64x2.add (f64x2.add (v128.load offset=16 (i32.add (local.get $h0) (local.get $off))) (local.get $sh)) (local.get $g0))
              (local.get $dh)))))
        (local.set $a
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.div
              (f64x2.add (f64x2.add (local.get $sl) (local.get $l0)) (local.get $l1)) (local.get $dl)))
            (f32x4.demote_f64x2_zero (f64x2.div
              (f64x2.add (f64x2.add (local.get $sh) (local.get $g0)) (local.get $g1)) (local.get $dh)))))
        (if (i32.eqz (local.get $i))
          (then (local.set $first (local.get $a)))
          (else (v128.store (i32.add (local.get $dst1) (local.get $i)) (local.get $a))))
        (v128.store (i32.add (local.get $hN0) (local.get $off)) (local.get $l0))
        (v128.store offset=16 (i32.add (local.get $hN0) (local.get $off)) (local.get $g0))
        (v128.store (i32.add (local.get $hN1) (local.get $off)) (local.get $l1))
        (v128.store offset=16 (i32.add (local.get $hN1) (local.get $off)) (local.get $g1))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l)))
    (v128.store (local.get $dst1) (local.get $first)))
  ;; vsumv / vrun: the vertical pass by running sums over whole rows, for stride-1 windows of many rows whose
  ;; sums are all exact in float64 (the caller checks every row involved with exprange): then the running sum
  ;; V equals the path's left-to-right window sum, whatever the order, and 7 rows cost what 3 do.
  ;; vsumv: vsum (+0 start, rows in order) that also keeps the float64 sums in $V, to start or restart V.
  ;; vrun: V = (V + row $add) - row $sub (the rows entering and leaving the window; a row of +0 when none), then
  ;; the same division and rounding as vsum. V is never -0 (its rows are sums from +0, never -0, and x + y is
  ;; -0 only when both are), so no +0 is needed. Divisor: as hvsum3 ($dv on output bytes [$dlo, $dhi)).
  (func (export "vsumv") (param $rows i32) (param $n i32) (param $len i32) (param $divRow i32) (param $dH f64)
    (param $dst i32) (param $dlo i32) (param $dhi i32) (param $dv f64) (param $V i32)
    (local $i i32) (local $off i32) (local $rp i32) (local $rend i32) (local $lo v128) (local $hi v128)
    (local $dHv v128) (local $dvv v128) (local $d0 v128) (local $d1 v128)
    (local.set $dHv (f64x2.splat (local.get $dH)))
    (local.set $dvv (f64x2.splat (local.get $dv)))
    (local.set $rend (i32.add (local.get $rows) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $off (i32.shl (local.get $i) (i32.const 1)))
        (local.set $lo (f64x2.splat (f64.const 0)))
        (local.set $hi (f64x2.splat (f64.const 0)))
        (local.set $rp (local.get $rows))
        (block $end_r
          (loop $r_loop
            (br_if $end_r (i32.ge_u (local.get $rp) (local.get $rend)))
            (local.set $lo (f64x2.add (local.get $lo) (v128.load (i32.add (i32.load (local.get $rp)) (local.get $off)))))
            (local.set $hi (f64x2.add (local.get $hi) (v128.load offset=16 (i32.add (i32.load (local.get $rp)) (local.get $off)))))
            (local.set $rp (i32.add (local.get $rp) (i32.const 4)))
            (br $r_loop)))
        (v128.store (i32.add (local.get $V) (local.get $off)) (local.get $lo))
        (v128.store offset=16 (i32.add (local.get $V) (local.get $off)) (local.get $hi))
        (if (i32.and (i32.ge_u (local.get $i) (local.get $dlo)) (i32.lt_u (local.get $i) (local.get $dhi)))
          (then (local.set $d0 (local.get $dvv)) (local.set $d1 (local.get $dvv)))
          (else
            (local.set $d0 (f64x2.mul (local.get $dHv) (v128.load (i32.add (local.get $divRow) (local.get $off)))))
            (local.set $d1 (f64x2.mul (local.get $dHv) (v128.load offset=16 (i32.add (local.get $divRow) (local.get $off)))))))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.div (local.get $lo) (local.get $d0)))
            (f32x4.demote_f64x2_zero (f64x2.div (local.get $hi) (local.get $d1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l))))

  (func (export "vrun") (param $V i32) (param $add i32) (param $sub i32) (param $len i32) (param $divRow i32)
    (param $dH f64) (param $dst i32) (param $dlo i32) (param $dhi i32) (param $dv f64)
    (local $i i32) (local $off i32) (local $lo v128) (local $hi v128)
    (local $dHv v128) (local $dvv v128) (local $d0 v128) (local $d1 v128)
    (local.set $dHv (f64x2.splat (local.get $dH)))
    (local.set $dvv (f64x2.splat (local.get $dv)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $off (i32.shl (local.get $i) (i32.const 1)))
        (local.set $lo (f64x2.sub (f64x2.add (v128.load (i32.add (local.get $V) (local.get $off)))
          (v128.load (i32.add (local.get $add) (local.get $off)))) (v128.load (i32.add (local.get $sub) (local.get $off)))))
        (local.set $hi (f64x2.sub (f64x2.add (v128.load offset=16 (i32.add (local.get $V) (local.get $off)))
          (v128.load offset=16 (i32.add (local.get $add) (local.get $off)))) (v128.load offset=16 (i32.add (local.get $sub) (local.get $off)))))
        (v128.store (i32.add (local.get $V) (local.get $off)) (local.get $lo))
        (v128.store offset=16 (i32.add (local.get $V) (local.get $off)) (local.get $hi))
        (if (i32.and (i32.ge_u (local.get $i) (local.get $dlo)) (i32.lt_u (local.get $i) (local.get $dhi)))
          (then (local.set $d0 (local.get $dvv)) (local.set $d1 (local.get $dvv)))
          (else
            (local.set $d0 (f64x2.mul (local.get $dHv) (v128.load (i32.add (local.get $divRow) (local.get $off)))))
            (local.set $d1 (f64x2.mul (local.get $dHv) (v128.load offset=16 (i32.add (local.get $divRow) (local.get $off)))))))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.div (local.get $lo) (local.get $d0)))
            (f32x4.demote_f64x2_zero (f64x2.div (local.get $hi) (local.get $d1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l))))

  ;; hsumrows1: whole-row sums of $n rows of one float per cell ($W floats, rows $rowB bytes apart from $src),
  ;; each ((+0 + x0) + x1) + ... left to right in float64 as hsumk adds them, stored as a float64 at
  ;; $dst + row * $dstStride. Eight rows at a time, two per f64x2 (lanes: rows), so the eight dependency
  ;; chains run side by side; the last n % 8 rows one at a time.
  (func (export "hsumrows1") (param $src i32) (param $n i32) (param $rowB i32) (param $W i32) (param $dst i32)
    (param $dstStride i32)
    (local $r i32) (local $p i32) (local $c i32) (local $W4 i32) (local $rowEnd i32) (local $acc f64)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $v4 v128) (local $v5 v128)
    (local $v6 v128) (local $v7 v128) (local $t v128) (local $u v128)
    (local $a0 v128) (local $a1 v128) (local $a2 v128) (local $a3 v128)
    (local $s0 f64) (local $s1 f64) (local $s2 f64) (local $s3 f64) (local $s4 f64) (local $s5 f64) (local $s6 f64) (local $s7 f64)
    (local.set $W4 (i32.and (local.get $W) (i32.const -4)))
    (block $end_groups
      (loop $groups
        (br_if $end_groups (i32.gt_u (i32.add (local.get $r) (i32.const 8)) (local.get $n)))
        (local.set $a0 (f64x2.splat (f64.const 0)))
        (local.set $a1 (f64x2.splat (f64.const 0)))
        (local.set $a2 (f64x2.splat (f64.const 0)))
        (local.set $a3 (f64x2.splat (f64.const 0)))
        (local.set $p (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $rowB))))
        (local.set $c (i32.const 0))
        (block $end_c
          (loop $c_loop
            (br_if $end_c (i32.ge_u (local.get $c) (local.get $W4)))
            (local.set $v0 (v128.load (i32.add (local.get $p) (i32.mul (local.get $rowB) (i32.const 0)))))
            (local.set $v1 (v128.load (i32.add (local.get $p) (i32.mul (local.get $rowB) (i32.const 1)))))
            (local.set $v2 (v128.load (i32.add (local.get $p) (i32.mul (local.get $rowB) (i32.const 2)))))
            (local.set $v3 (v128.load (i32.add (local.get $p) (i32.mul (local.get $rowB) (i32.const 3)))))
            (local.set $v4 (v128.load (i32.add (local.get $p) (i32.mul (local.get $rowB) (i32.const 4)))))
            (local.set $v5 (v128.load (i32.add (local.get $p) (i32.mul (local.get $rowB) (i32.const 5)))))
            (local.set $v6 (v128.load (i32.add (local.get $p) (i32.mul (local.get $rowB) (i32.const 6)))))
            (local.set $v7 (v128.load (i32.add (local.get $p) (i32.mul (local.get $rowB) (i32.const 7)))))
            (local.set $t (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v0) (local.get $v1)))
            (local.set $u (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v0) (local.get $v1)))
            (local.set $a0 (f64x2.add (f64x2.add (f64x2.add (f64x2.add (local.get $a0)
              (f64x2.promote_low_f32x4 (local.get $t)))
              (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $t) (local.get $t))))
              (f64x2.promote_low_f32x4 (local.get $u)))
              (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $u) (local.get $u)))))
            (local.set $t (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v2) (local.get $v3)))
            (local.set $u (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v2) (local.get $v3)))
            (local.set $a1 (f64x2.add (f64x2.add (f64x2.add (f64x2.add (local.get $a1)
              (f64x2.promote_low_f32x4 (local.get $t)))
              (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $t) (local.get $t))))
              (f64x2.promote_low_f32x4 (local.get $u)))
              (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $u) (local.get $u)))))
            (local.set $t (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v4) (local.get $v5)))
            (local.set $u (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v4) (local.get $v5)))
            (local.set $a2 (f64x2.add (f64x2.add (f64x2.add (f64x2.add (local.get $a2)
              (f64x2.promote_low_f32x4 (local.get $t)))
              (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $t) (local.get $t))))
              (f64x2.promote_low_f32x4 (local.get $u)))
              (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $u) (local.get $u)))))
            (local.set $t (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v6) (local.get $v7)))
            (local.set $u (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v6) (local.get $v7)))
            (local.set $a3 (f64x2.add (f64x2.add (f64x2.add (f64x2.add (local.get $a3)
              (f64x2.promote_low_f32x4 (local.get $t)))
              (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $t) (local.get $t))))
              (f64x2.promote_low_f32x4 (local.get $u)))
              (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $u) (local.get $u)))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $c_loop)))
        (block $end_t
          (loop $t_loop
            (br_if $end_t (i32.ge_u (local.get $c) (local.get $W)))
            (local.set $s0 (f64.promote_f32 (f32.load (i32.add (local.get $p) (i32.mul (local.get $rowB) (i32.const 0))))))
            (local.set $s1 (f64.promote_f32 (f32.load (i32.add (local.get $p) (i32.mul (local.get $rowB) (i32.const 1))))))
            (local.set $s2 (f64.promote_f32 (f32.load (i32.add (local.get $p) (i32.mul (local.get $rowB) (i32.const 2))))))
            (local.set $s3 (f64.promote_f32 (f32.load (i32.add (local.get $p) (i32.mul (local.get $rowB) (i32.const 3))))))
            (local.set $s4 (f64.promote_f32 (f32.load (i32.add (local.get $p) (i32.mul (local.get $rowB) (i32.const 4))))))
            (local.set $s5 (f64.promote_f32 (f32.load (i32.add (local.get $p) (i32.mul (local.get $rowB) (i32.const 5))))))
            (local.set $s6 (f64.promote_f32 (f32.load (i32.add (local.get $p) (i32.mul (local.get $rowB) (i32.const 6))))))
            (local.set $s7 (f64.promote_f32 (f32.load (i32.add (local.get $p) (i32.mul (local.get $rowB) (i32.const 7))))))
            (local.set $a0 (f64x2.add (local.get $a0) (f64x2.replace_lane 1 (f64x2.splat (local.get $s0)) (local.get $s1))))
            (local.set $a1 (f64x2.add (local.get $a1) (f64x2.replace_lane 1 (f64x2.splat (local.get $s2)) (local.get $s3))))
            (local.set $a2 (f64x2.add (local.get $a2) (f64x2.replace_lane 1 (f64x2.splat (local.get $s4)) (local.get $s5))))
            (local.set $a3 (f64x2.add (local.get $a3) (f64x2.replace_lane 1 (f64x2.splat (local.get $s6)) (local.get $s7))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $t_loop)))
        (f64.store (i32.add (local.get $dst) (i32.mul (local.get $dstStride) (i32.const 0))) (f64x2.extract_lane 0 (local.get $a0)))
        (f64.store (i32.add (local.get $dst) (i32.mul (local.get $dstStride) (i32.const 1))) (f64x2.extract_lane 1 (local.get $a0)))
        (f64.store (i32.add (local.get $dst) (i32.mul (local.get $dstStride) (i32.const 2))) (f64x2.extract_lane 0 (local.get $a1)))
        (f64.store (i32.add (local.get $dst) (i32.mul (local.get $dstStride) (i32.const 3))) (f64x2.extract_lane 1 (local.get $a1)))
        (f64.store (i32.add (local.get $dst) (i32.mul (local.get $dstStride) (i32.const 4))) (f64x2.extract_lane 0 (local.get $a2)))
        (f64.store (i32.add (local.get $dst) (i32.mul (local.get $dstStride) (i32.const 5))) (f64x2.extract_lane 1 (local.get $a2)))
        (f64.store (i32.add (local.get $dst) (i32.mul (local.get $dstStride) (i32.const 6))) (f64x2.extract_lane 0 (local.get $a3)))
        (f64.store (i32.add (local.get $dst) (i32.mul (local.get $dstStride) (i32.const 7))) (f64x2.extract_lane 1 (local.get $a3)))
        (local.set $dst (i32.add (local.get $dst) (i32.shl (local.get $dstStride) (i32.const 3))))
        (local.set $r (i32.add (local.get $r) (i32.const 8)))
        (br $groups)))
    (block $end_rows
      (loop $rows
        (br_if $end_rows (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $p (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $rowB))))
        (local.set $rowEnd (i32.add (local.get $p) (i32.shl (local.get $W) (i32.const 2))))
        (local.set $acc (f64.const 0))
        (block $end_x
          (loop $x_loop
            (br_if $end_x (i32.ge_u (local.get $p) (local.get $rowEnd)))
            (local.set $acc (f64.add (local.get $acc) (f64.promote_f32 (f32.load (local.get $p)))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (br $x_loop)))
        (f64.store (local.get $dst) (local.get $acc))
        (local.set $dst (i32.add (local.get $dst) (local.get $dstStride)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rows))))

  ;; hmaxrows1: whole-row maxima of $n rows of one float per cell ($W floats, rows $rowB bytes apart from
  ;; $src), four rows at a time, one per lane (a 4x4 transpose of four row vectors): per lane pmax left to
  ;; right keeps the row's first cell on ties as hmaxk does; a row with a NaN gives NaN and a 1 at
  ;; $flags + row (else 0). Results are stored as a float32 at $dst + row * $dstStride. The last group
  ;; repeats its last row in the lanes past $n (never stored).
  (func (export "hmaxrows1") (param $src i32) (param $n i32) (param $rowB i32) (param $W i32) (param $dst i32)
    (param $dstStride i32) (param $flags i32)
    (local $r i32) (local $c i32) (local $W4 i32) (local $p0 i32) (local $p1 i32) (local $p2 i32) (local $p3 i32)
    (local $last i32) (local $off i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $t0 v128) (local $t1 v128)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $acc v128) (local $nan v128)
    (local.set $W4 (i32.and (local.get $W) (i32.const -4)))
    (local.set $last (i32.add (local.get $src) (i32.mul (i32.sub (local.get $n) (i32.const 1)) (local.get $rowB))))
    (block $end_groups
      (loop $groups
        (br_if $end_groups (i32.ge_u (local.get $r) (local.get $n)))
        (local.set $p0 (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $rowB))))
        (local.set $p1 (i32.add (local.get $p0) (local.get $rowB)))
        (local.set $p2 (i32.add (local.get $p1) (local.get $rowB)))
        (local.set $p3 (i32.add (local.get $p2) (local.get $rowB)))
        (if (i32.gt_u (local.get $p1) (local.get $last)) (then (local.set $p1 (local.get $last))))
        (if (i32.gt_u (local.get $p2) (local.get $last)) (then (local.set $p2 (local.get $last))))
        (if (i32.gt_u (local.get $p3) (local.get $last)) (then (local.set $p3 (local.get $last))))
        (local.set $acc (v128.const f32x4 -inf -inf -inf -inf))
        (local.set $nan (v128.const i32x4 0 0 0 0))
        (local.set $off (i32.const 0))
        (local.set $c (i32.const 0))
        (block $end_c
          (loop $c_loop
            (br_if $end_c (i32.ge_u (local.get $c) (local.get $W4)))
            (local.set $v0 (v128.load (i32.add (local.get $p0) (local.get $off))))
            (local.set $v1 (v128.load (i32.add (local.get $p1) (local.get $off))))
            (local.set $v2 (v128.load (i32.add (local.get $p2) (local.get $off))))
            (local.set $v3 (v128.load (i32.add (local.get $p3) (local.get $off))))
            (local.set $t0 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v0) (local.get $v1)))
            (local.set $t1 (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v2) (local.get $v3)))
            (local.set $c0 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
            (local.set $c1 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
            (local.set $t0 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v0) (local.get $v1)))
            (local.set $t1 (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v2) (local.get $v3)))
            (local.set $c2 (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $t0) (local.get $t1)))
            (local.set $c3 (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $t0) (local.get $t1)))
            (local.set $acc (f32x4.pmax (f32x4.pmax (f32x4.pmax (f32x4.pmax (local.get $acc) (local.get $c0))
              (local.get $c1)) (local.get $c2)) (local.get $c3)))
            (local.set $nan (v128.or (local.get $nan) (v128.or
              (v128.or (f32x4.ne (local.get $c0) (local.get $c0)) (f32x4.ne (local.get $c1) (local.get $c1)))
              (v128.or (f32x4.ne (local.get $c2) (local.get $c2)) (f32x4.ne (local.get $c3) (local.get $c3))))))
            (local.set $off (i32.add (local.get $off) (i32.const 16)))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $c_loop)))
        (block $end_t
          (loop $t_loop
            (br_if $end_t (i32.ge_u (local.get $c) (local.get $W)))
            (local.set $c0 (f32x4.replace_lane 3 (f32x4.replace_lane 2 (f32x4.replace_lane 1
              (f32x4.splat (f32.load (i32.add (local.get $p0) (local.get $off))))
              (f32.load (i32.add (local.get $p1) (local.get $off)))) (f32.load (i32.add (local.get $p2) (local.get $off))))
              (f32.load (i32.add (local.get $p3) (local.get $off)))))
            (local.set $acc (f32x4.pmax (local.get $acc) (local.get $c0)))
            (local.set $nan (v128.or (local.get $nan) (f32x4.ne (local.get $c0) (local.get $c0))))
            (local.set $off (i32.add (local.get $off) (i32.const 4)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $t_loop)))
        (local.set $acc (v128.bitselect (v128.const f32x4 nan nan nan nan) (local.get $acc) (local.get $nan)))
        (f32.store (i32.add (local.get $dst) (i32.mul (local.get $r) (local.get $dstStride))) (f32x4.extract_lane 0 (local.get $acc)))
        (i32.store8 (i32.add (local.get $flags) (local.get $r)) (i32.and (i32x4.extract_lane 0 (local.get $nan)) (i32.const 1)))
        (if (i32.lt_u (i32.add (local.get $r) (i32.const 1)) (local.get $n)) (then
          (f32.store (i32.add (local.get $dst) (i32.mul (i32.add (local.get $r) (i32.const 1)) (local.get $dstStride))) (f32x4.extract_lane 1 (local.get $acc)))
          (i32.store8 offset=1 (i32.add (local.get $flags) (local.get $r)) (i32.and (i32x4.extract_lane 1 (local.get $nan)) (i32.const 1)))))
        (if (i32.lt_u (i32.add (local.get $r) (i32.const 2)) (local.get $n)) (then
          (f32.store (i32.add (local.get $dst) (i32.mul (i32.add (local.get $r) (i32.const 2)) (local.get $dstStride))) (f32x4.extract_lane 2 (local.get $acc)))
          (i32.store8 offset=2 (i32.add (local.get $flags) (local.get $r)) (i32.and (i32x4.extract_lane 2 (local.get $nan)) (i32.const 1)))))
        (if (i32.lt_u (i32.add (local.get $r) (i32.const 3)) (local.get $n)) (then
          (f32.store (i32.add (local.get $dst) (i32.mul (i32.add (local.get $r) (i32.const 3)) (local.get $dstStride))) (f32x4.extract_lane 3 (local.get $acc)))
          (i32.store8 offset=3 (i32.add (local.get $flags) (local.get $r)) (i32.and (i32x4.extract_lane 3 (local.get $nan)) (i32.const 1)))))
        (local.set $r (i32.add (local.get $r) (i32.const 4)))
        (br $groups))))

  ;; exprange: over the len bytes of floats at src, (max exponent field << 8) | min over nonzero cells of
  ;; max(exponent field, 1); the min is 255 when every cell is zero. The caller derives from it whether every
  ;; sum of a few of these cells is exact in float64 (then any order of additions gives the same sum).
  (func (export "exprange") (param $src i32) (param $len i32) (result i32)
    (local $end i32) (local $a v128) (local $e v128) (local $mx v128) (local $mn v128)
    (local.set $end (i32.add (local.get $src) (local.get $len)))
    (local.set $mn (v128.const i32x4 255 255 255 255))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $a (v128.and (v128.load (local.get $src)) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff)))
        (local.set $e (i32x4.shr_u (local.get $a) (i32.const 23)))
        (local.set $mx (i32x4.max_u (local.get $mx) (local.get $e)))
        (local.set $mn (i32x4.min_u (local.get $mn)
          (v128.bitselect (v128.const i32x4 255 255 255 255) (i32x4.max_u (local.get $e) (v128.const i32x4 1 1 1 1))
            (i32x4.eq (local.get $a) (v128.const i32x4 0 0 0 0)))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $l)))
    (local.set $mx (i32x4.max_u (local.get $mx) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $mx) (local.get $mx))))
    (local.set $mx (i32x4.max_u (local.get $mx) (i8x16.shuffle 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 (local.get $mx) (local.get $mx))))
    (local.set $mn (i32x4.min_u (local.get $mn) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $mn) (local.get $mn))))
    (local.set $mn (i32x4.min_u (local.get $mn) (i8x16.shuffle 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 (local.get $mn) (local.get $mn))))
    (i32.or (i32.shl (i32x4.extract_lane 0 (local.get $mx)) (i32.const 8)) (i32x4.extract_lane 0 (local.get $mn))))

  ;; hsumrunr: hsumk by running sums, returning the exprange of every cell it reads (the whole padded row, each
  ;; cell once). When that range says every sum of k + 1 cells is exact in float64, S[o] = (S[o - 1] +
  ;; P[o + k - 1]) - P[o - 1] is the exact window sum, the same number the path's left-to-right sum gives (also
  ;; +0, never -0, for a zero sum), whatever k; otherwise the caller redoes the row with hsumk.
  ;; P is the +0-padded row at src, outW output cells of C4 bytes, dst float64.
  (func (export "hsumrunr") (param $src i32) (param $outW i32) (param $C4 i32) (param $k i32) (param $dst i32) (result i32)
    (local $c i32) (local $j i32) (local $p i32) (local $i i32) (local $end i32) (local $back i32) (local $q i32)
    (local $lo v128) (local $hi v128) (local $v v128) (local $new v128) (local $old v128)
    (local $e v128) (local $mx v128) (local $mn v128)
    (local.set $mn (v128.const i32x4 255 255 255 255))
    (block $end_c
      (loop $c_loop
        (br_if $end_c (i32.ge_u (local.get $c) (local.get $C4)))
        (local.set $lo (f64x2.splat (f64.const 0)))
        (local.set $hi (f64x2.splat (f64.const 0)))
        (local.set $p (i32.add (local.get $src) (local.get $c)))
        (local.set $j (i32.const 0))
        (block $end_j
          (loop $j_loop
            (br_if $end_j (i32.ge_u (local.get $j) (local.get $k)))
            (local.set $v (v128.load (local.get $p)))
            (local.set $e (i32x4.shr_u (v128.and (local.get $v) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff)) (i32.const 23)))
            (local.set $mx (i32x4.max_u (local.get $mx) (local.get $e)))
            (local.set $mn (i32x4.min_u (local.get $mn) (v128.bitselect (v128.const i32x4 255 255 255 255)
              (i32x4.max_u (local.get $e) (v128.const i32x4 1 1 1 1))
              (i32x4.eq (v128.and (local.get $v) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff)) (v128.const i32x4 0 0 0 0)))))
                        (local.set $lo (f64x2.add (local.get $lo) (f64x2.promote_low_f32x4 (local.get $v))))
            (local.set $hi (f64x2.add (local.get $hi) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))))
            (local.set $p (i32.add (local.get $p) (local.get $C4)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $j_loop)))
        (local.set $q (i32.add (local.get $dst) (i32.shl (local.get $c) (i32.const 1))))
        (v128.store (local.get $q) (local.get $lo))
        (v128.store offset=16 (local.get $q) (local.get $hi))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $c_loop)))
    ;; i: byte offset (float32 units) of the output cell's channel vector; new cell at i + (k - 1) * C4.
    (local.set $i (local.get $C4))
    (local.set $end (i32.mul (local.get $outW) (local.get $C4)))
    (local.set $back (i32.shl (local.get $C4) (i32.const 1)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $new (v128.load (i32.add (i32.add (local.get $src) (local.get $i))
          (i32.mul (i32.sub (local.get $k) (i32.const 1)) (local.get $C4)))))
        (local.set $old (v128.load (i32.sub (i32.add (local.get $src) (local.get $i)) (local.get $C4))))
        (local.set $e (i32x4.shr_u (v128.and (local.get $new) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff)) (i32.const 23)))
        (local.set $mx (i32x4.max_u (local.get $mx) (local.get $e)))
        (local.set $mn (i32x4.min_u (local.get $mn) (v128.bitselect (v128.const i32x4 255 255 255 255)
          (i32x4.max_u (local.get $e) (v128.const i32x4 1 1 1 1))
          (i32x4.eq (v128.and (local.get $new) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff)) (v128.const i32x4 0 0 0 0)))))
                (local.set $q (i32.add (local.get $dst) (i32.shl (local.get $i) (i32.const 1))))
        (v128.store (local.get $q)
          (f64x2.sub (f64x2.add (v128.load (i32.sub (local.get $q) (local.get $back))) (f64x2.promote_low_f32x4 (local.get $new))) (f64x2.promote_low_f32x4 (local.get $old))))
        (v128.store offset=16 (local.get $q)
          (f64x2.sub (f64x2.add (v128.load offset=16 (i32.sub (local.get $q) (local.get $back))) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $new) (local.get $new))))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $old) (local.get $old)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l)))
    (local.set $mx (i32x4.max_u (local.get $mx) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $mx) (local.get $mx))))
    (local.set $mx (i32x4.max_u (local.get $mx) (i8x16.shuffle 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 (local.get $mx) (local.get $mx))))
    (local.set $mn (i32x4.min_u (local.get $mn) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $mn) (local.get $mn))))
    (local.set $mn (i32x4.min_u (local.get $mn) (i8x16.shuffle 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 (local.get $mn) (local.get $mn))))
    (i32.or (i32.shl (i32x4.extract_lane 0 (local.get $mx)) (i32.const 8)) (i32x4.extract_lane 0 (local.get $mn))))

  ;; hvrun: hsumrunr of a new input row (its float64 running row sums stored at $hDst, its exponent range
  ;; returned) fused with vrun of the output row whose window gains that row and loses the row at $sub (a row
  ;; of +0 when none leaves): V = (V + new) - sub, dst = demote(V / divisor), in one pass, so the new row's
  ;; sums are used while in registers. The caller keeps the result only when the returned range (and the
  ;; window's) says every sum involved was exact, and otherwise redoes the row with hsumk and the direct sum.
  ;; Same additions in the same order as hsumrunr then vrun.
  (func (export "hvrun") (param $src i32) (param $outW i32) (param $C4 i32) (param $k i32) (param $hDst i32)
    (param $V i32) (param $sub i32) (param $divRow i32) (param $dH f64) (param $dst i32) (param $dlo i32)
    (param $dhi i32) (param $dv f64) (result i32)
    (local $c i32) (local $j i32) (local $p i32) (local $i i32) (local $end i32) (local $back i32) (local $q i32)
    (local $kb i32) (local $off i32)
    (local $lo v128) (local $hi v128) (local $v v128) (local $new v128) (local $old v128)
    (local $e v128) (local $mx v128) (local $mn v128) (local $dHv v128) (local $dvv v128) (local $d0 v128) (local $d1 v128)
    (local.set $dHv (f64x2.splat (local.get $dH)))
    (local.set $dvv (f64x2.splat (local.get $dv)))
    (local.set $mn (v128.const i32x4 255 255 255 255))
    ;; the first output cell: k cells summed left to right from +0, channel vector by channel vector
    (block $end_c
      (loop $c_loop
        (br_if $end_c (i32.ge_u (local.get $c) (local.get $C4)))
        (local.set $lo (f64x2.splat (f64.const 0)))
        (local.set $hi (f64x2.splat (f64.const 0)))
        (local.set $p (i32.add (local.get $src) (local.get $c)))
        (local.set $j (i32.const 0))
        (block $end_j
          (loop $j_loop
            (br_if $end_j (i32.ge_u (local.get $j) (local.get $k)))
            (local.set $v (v128.load (local.get $p)))
        (local.set $e (i32x4.shr_u (v128.and (local.get $v) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff)) (i32.const 23)))
        (local.set $mx (i32x4.max_u (local.get $mx) (local.get $e)))
        (local.set $mn (i32x4.min_u (local.get $mn) (v128.bitselect (v128.const i32x4 255 255 255 255)
          (i32x4.max_u (local.get $e) (v128.const i32x4 1 1 1 1))
          (i32x4.eq (v128.and (local.get $v) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff)) (v128.const i32x4 0 0 0 0)))))
            (local.set $lo (f64x2.add (local.get $lo) (f64x2.promote_low_f32x4 (local.get $v))))
            (local.set $hi (f64x2.add (local.get $hi) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $v) (local.get $v)))))
            (local.set $p (i32.add (local.get $p) (local.get $C4)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $j_loop)))
        (local.set $q (i32.add (local.get $hDst) (i32.shl (local.get $c) (i32.const 1))))
        (v128.store (local.get $q) (local.get $lo))
        (v128.store offset=16 (local.get $q) (local.get $hi))
        (local.set $i (local.get $c))
        (local.set $off (i32.shl (local.get $i) (i32.const 1)))
        (local.set $lo (f64x2.sub (f64x2.add (v128.load (i32.add (local.get $V) (local.get $off))) (local.get $lo))
          (v128.load (i32.add (local.get $sub) (local.get $off)))))
        (local.set $hi (f64x2.sub (f64x2.add (v128.load offset=16 (i32.add (local.get $V) (local.get $off))) (local.get $hi))
          (v128.load offset=16 (i32.add (local.get $sub) (local.get $off)))))
        (v128.store (i32.add (local.get $V) (local.get $off)) (local.get $lo))
        (v128.store offset=16 (i32.add (local.get $V) (local.get $off)) (local.get $hi))
        (if (i32.and (i32.ge_u (local.get $i) (local.get $dlo)) (i32.lt_u (local.get $i) (local.get $dhi)))
          (then (local.set $d0 (local.get $dvv)) (local.set $d1 (local.get $dvv)))
          (else
            (local.set $d0 (f64x2.mul (local.get $dHv) (v128.load (i32.add (local.get $divRow) (local.get $off)))))
            (local.set $d1 (f64x2.mul (local.get $dHv) (v128.load offset=16 (i32.add (local.get $divRow) (local.get $off)))))))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.div (local.get $lo) (local.get $d0)))
            (f32x4.demote_f64x2_zero (f64x2.div (local.get $hi) (local.get $d1)))))
        (local.set $c (i32.add (local.get $c) (i32.const 16)))
        (br $c_loop)))
    ;; the other cells: S[o] = (S[o - 1] + P[o + k - 1]) - P[o - 1]
    (local.set $i (local.get $C4))
    (local.set $end (i32.mul (local.get $outW) (local.get $C4)))
    (local.set $back (i32.shl (local.get $C4) (i32.const 1)))
    (local.set $kb (i32.mul (i32.sub (local.get $k) (i32.const 1)) (local.get $C4)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $end)))
        (local.set $p (i32.add (local.get $src) (local.get $i)))
        (local.set $new (v128.load (i32.add (local.get $p) (local.get $kb))))
        (local.set $old (v128.load (i32.sub (local.get $p) (local.get $C4))))
        (local.set $e (i32x4.shr_u (v128.and (local.get $new) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff)) (i32.const 23)))
        (local.set $mx (i32x4.max_u (local.get $mx) (local.get $e)))
        (local.set $mn (i32x4.min_u (local.get $mn) (v128.bitselect (v128.const i32x4 255 255 255 255)
          (i32x4.max_u (local.get $e) (v128.const i32x4 1 1 1 1))
          (i32x4.eq (v128.and (local.get $new) (v128.const i32x4 0x7fffffff 0x7fffffff 0x7fffffff 0x7fffffff)) (v128.const i32x4 0 0 0 0)))))
        (local.set $q (i32.add (local.get $hDst) (i32.shl (local.get $i) (i32.const 1))))
        (local.set $lo (f64x2.sub (f64x2.add (v128.load (i32.sub (local.get $q) (local.get $back))) (f64x2.promote_low_f32x4 (local.get $new))) (f64x2.promote_low_f32x4 (local.get $old))))
        (local.set $hi (f64x2.sub (f64x2.add (v128.load offset=16 (i32.sub (local.get $q) (local.get $back))) (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $new) (local.get $new))))
            (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 8 9 10 11 12 13 14 15 (local.get $old) (local.get $old)))))
        (v128.store (local.get $q) (local.get $lo))
        (v128.store offset=16 (local.get $q) (local.get $hi))
        (local.set $off (i32.shl (local.get $i) (i32.const 1)))
        (local.set $lo (f64x2.sub (f64x2.add (v128.load (i32.add (local.get $V) (local.get $off))) (local.get $lo))
          (v128.load (i32.add (local.get $sub) (local.get $off)))))
        (local.set $hi (f64x2.sub (f64x2.add (v128.load offset=16 (i32.add (local.get $V) (local.get $off))) (local.get $hi))
          (v128.load offset=16 (i32.add (local.get $sub) (local.get $off)))))
        (v128.store (i32.add (local.get $V) (local.get $off)) (local.get $lo))
        (v128.store offset=16 (i32.add (local.get $V) (local.get $off)) (local.get $hi))
        (if (i32.and (i32.ge_u (local.get $i) (local.get $dlo)) (i32.lt_u (local.get $i) (local.get $dhi)))
          (then (local.set $d0 (local.get $dvv)) (local.set $d1 (local.get $dvv)))
          (else
            (local.set $d0 (f64x2.mul (local.get $dHv) (v128.load (i32.add (local.get $divRow) (local.get $off)))))
            (local.set $d1 (f64x2.mul (local.get $dHv) (v128.load offset=16 (i32.add (local.get $divRow) (local.get $off)))))))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23
            (f32x4.demote_f64x2_zero (f64x2.div (local.get $lo) (local.get $d0)))
            (f32x4.demote_f64x2_zero (f64x2.div (local.get $hi) (local.get $d1)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l)))
    (local.set $mx (i32x4.max_u (local.get $mx) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $mx) (local.get $mx))))
    (local.set $mx (i32x4.max_u (local.get $mx) (i8x16.shuffle 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 (local.get $mx) (local.get $mx))))
    (local.set $mn (i32x4.min_u (local.get $mn) (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $mn) (local.get $mn))))
    (local.set $mn (i32x4.min_u (local.get $mn) (i8x16.shuffle 4 5 6 7 0 1 2 3 4 5 6 7 0 1 2 3 (local.get $mn) (local.get $mn))))
    (i32.or (i32.shl (i32x4.extract_lane 0 (local.get $mx)) (i32.const 8)) (i32x4.extract_lane 0 (local.get $mn))))

  ;; ---- float64 data: the same kernels on f64x2 lanes (export names end in _d). Byte strides and lengths are
  ;; passed by the driver as for float32, so the max kernels below are the float32 ones with f64x2 operations.
  (func (export "hmax_d") (param $src i32) (param $C4 i32) (param $outW i32) (param $wlo i32) (param $whi i32) (param $dst i32)
    (local $ow i32) (local $c i32) (local $w i32) (local $count i32) (local $base i32) (local $p i32)
    (local $acc v128) (local $mn v128) (local $v v128)
    (block $end_ow
      (loop $ow_loop
        (br_if $end_ow (i32.ge_u (local.get $ow) (local.get $outW)))
        (local.set $base (i32.add (local.get $src)
          (i32.mul (i32.load (i32.add (local.get $wlo) (i32.shl (local.get $ow) (i32.const 2)))) (local.get $C4))))
        (local.set $count (i32.sub
          (i32.load (i32.add (local.get $whi) (i32.shl (local.get $ow) (i32.const 2))))
          (i32.load (i32.add (local.get $wlo) (i32.shl (local.get $ow) (i32.const 2))))))
        (local.set $c (i32.const 0))
        (block $end_c
          (loop $c_loop
            (br_if $end_c (i32.ge_u (local.get $c) (local.get $C4)))
            (local.set $p (i32.add (local.get $base) (local.get $c)))
            (local.set $acc (v128.load (local.get $p)))
            (local.set $mn (local.get $acc))
            (local.set $w (i32.const 1))
            (block $end_w
              (loop $w_loop
                (br_if $end_w (i32.ge_u (local.get $w) (local.get $count)))
                (local.set $p (i32.add (local.get $p) (local.get $C4)))
                (local.set $v (v128.load (local.get $p)))
                (local.set $acc (f64x2.pmax (local.get $acc) (local.get $v)))
                (local.set $mn (f64x2.min (local.get $mn) (local.get $v)))
                (local.set $w (i32.add (local.get $w) (i32.const 1)))
                (br $w_loop)))
            (v128.store (i32.add (local.get $dst) (local.get $c))
              (v128.bitselect (local.get $mn) (local.get $acc) (f64x2.ne (local.get $mn) (local.get $mn))))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $c_loop)))
        (local.set $dst (i32.add (local.get $dst) (local.get $C4)))
        (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
        (br $ow_loop))))

  (func (export "vmax_d") (param $rows i32) (param $n i32) (param $len i32) (param $dst i32) (param $from f64) (param $to f64)
    (local $i i32) (local $r i32) (local $acc v128) (local $mn v128) (local $v v128) (local $fromv v128) (local $tov v128)
    (local.set $fromv (f64x2.splat (local.get $from)))
    (local.set $tov (f64x2.splat (local.get $to)))
    (block $end_i
      (loop $i_loop
        (br_if $end_i (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $acc (v128.load (i32.add (i32.load (local.get $rows)) (local.get $i))))
        (local.set $mn (local.get $acc))
        (local.set $r (i32.const 1))
        (block $end_r
          (loop $r_loop
            (br_if $end_r (i32.ge_u (local.get $r) (local.get $n)))
            (local.set $v (v128.load (i32.add
              (i32.load (i32.add (local.get $rows) (i32.shl (local.get $r) (i32.const 2)))) (local.get $i))))
            (local.set $acc (f64x2.pmax (local.get $acc) (local.get $v)))
            (local.set $mn (f64x2.min (local.get $mn) (local.get $v)))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br $r_loop)))
        (local.set $acc (v128.bitselect (local.get $mn) (local.get $acc) (f64x2.ne (local.get $mn) (local.get $mn))))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (v128.bitselect (local.get $tov) (local.get $acc) (f64x2.eq (local.get $acc) (local.get $fromv))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $i_loop))))

  (func (export "max2x2_d") (param $src i32) (param $nrows i32) (param $rowB i32) (param $outW i32) (param $C4 i32)
    (param $dst i32) (param $from f64) (param $to f64)
    (local $r i32) (local $ow i32) (local $q i32) (local $qe i32) (local $row i32)
    (local $a v128) (local $b v128) (local $c v128) (local $d v128) (local $acc v128)
    (local $fromv v128) (local $tov v128)
    (local.set $fromv (f64x2.splat (local.get $from)))
    (local.set $tov (f64x2.splat (local.get $to)))
    (block $end_r
      (loop $r_loop
        (br_if $end_r (i32.ge_u (local.get $r) (local.get $nrows)))
        (local.set $row (i32.add (local.get $src) (i32.mul (i32.shl (local.get $r) (i32.const 1)) (local.get $rowB))))
        (local.set $ow (i32.const 0))
        (block $end_ow
          (loop $ow_loop
            (br_if $end_ow (i32.ge_u (local.get $ow) (local.get $outW)))
            (local.set $q (local.get $row))
            (local.set $qe (i32.add (local.get $row) (local.get $C4)))
            (loop $c_loop
              (local.set $a (v128.load (local.get $q)))
              (local.set $b (v128.load (i32.add (local.get $q) (local.get $C4))))
              (local.set $c (v128.load (i32.add (local.get $q) (local.get $rowB))))
              (local.set $d (v128.load (i32.add (i32.add (local.get $q) (local.get $rowB)) (local.get $C4))))
              (local.set $acc (f64x2.pmax (f64x2.pmax (local.get $a) (local.get $b)) (f64x2.pmax (local.get $c) (local.get $d))))
              (local.set $acc (v128.bitselect (v128.const f64x2 nan nan) (local.get $acc)
                (v128.or (v128.or (f64x2.ne (local.get $a) (local.get $a)) (f64x2.ne (local.get $b) (local.get $b)))
                  (v128.or (f64x2.ne (local.get $c) (local.get $c)) (f64x2.ne (local.get $d) (local.get $d))))))
              (v128.store (local.get $dst)
                (v128.bitselect (local.get $tov) (local.get $acc) (f64x2.eq (local.get $acc) (local.get $fromv))))
              (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
              (local.set $q (i32.add (local.get $q) (i32.const 16)))
              (br_if $c_loop (i32.lt_u (local.get $q) (local.get $qe))))
            (local.set $row (i32.add (local.get $row) (i32.shl (local.get $C4) (i32.const 1))))
            (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
            (br $ow_loop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $r_loop))))

  (func (export "hasnan_d") (param $src i32) (param $len i32) (result i32)
    (local $end i32) (local $acc v128) (local $v v128)
    (local.set $end (i32.add (local.get $src) (local.get $len)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $v (v128.load (local.get $src)))
        (local.set $acc (v128.or (local.get $acc) (f64x2.ne (local.get $v) (local.get $v))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $l)))
    (v128.any_true (local.get $acc)))

  (func (export "hmaxk_d") (param $src i32) (param $len i32) (param $C4 i32) (param $k i32) (param $dst i32)
    (local $end i32) (local $p i32) (local $j i32) (local $acc v128)
    (local.set $end (i32.add (local.get $src) (local.get $len)))
    (block $done
      (loop $x_loop
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $acc (v128.load (local.get $src)))
        (local.set $p (i32.add (local.get $src) (local.get $C4)))
        (local.set $j (i32.const 1))
        (block $end_j
          (loop $j_loop
            (br_if $end_j (i32.ge_u (local.get $j) (local.get $k)))
            (local.set $acc (f64x2.pmax (local.get $acc) (v128.load (local.get $p))))
            (local.set $p (i32.add (local.get $p) (local.get $C4)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $j_loop)))
        (v128.store (local.get $dst) (local.get $acc))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $x_loop))))

  (func (export "vmaxf_d") (param $rows i32) (param $n i32) (param $len i32) (param $dst i32) (param $from f64) (param $to f64)
    (local $i i32) (local $r i32) (local $rp i32) (local $rend i32) (local $acc v128) (local $fromv v128) (local $tov v128)
    (local.set $fromv (f64x2.splat (local.get $from)))
    (local.set $tov (f64x2.splat (local.get $to)))
    (local.set $rend (i32.add (local.get $rows) (i32.shl (local.get $n) (i32.const 2))))
    (block $end_i
      (loop $i_loop
        (br_if $end_i (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $acc (v128.load (i32.add (i32.load (local.get $rows)) (local.get $i))))
        (local.set $rp (i32.add (local.get $rows) (i32.const 4)))
        (block $end_r
          (loop $r_loop
            (br_if $end_r (i32.ge_u (local.get $rp) (local.get $rend)))
            (local.set $acc (f64x2.pmax (local.get $acc) (v128.load (i32.add (i32.load (local.get $rp)) (local.get $i)))))
            (local.set $rp (i32.add (local.get $rp) (i32.const 4)))
            (br $r_loop)))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (v128.bitselect (local.get $tov) (local.get $acc) (f64x2.eq (local.get $acc) (local.get $fromv))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $i_loop))))

  (func (export "hmaxvh_d") (param $src i32) (param $lt i32) (param $C4 i32) (param $kb i32) (param $outLen i32)
    (param $g i32) (param $h i32) (param $dst i32)
    (local $bs i32) (local $be i32) (local $i i32) (local $m i32)
    (block $fdone
      (loop $fblk
        (br_if $fdone (i32.ge_u (local.get $bs) (local.get $lt)))
        (local.set $be (i32.add (local.get $bs) (local.get $kb)))
        (if (i32.gt_u (local.get $be) (local.get $lt)) (then (local.set $be (local.get $lt))))
        (local.set $m (i32.add (local.get $bs) (local.get $C4)))
        (local.set $i (local.get $bs))
        (loop $f1
          (v128.store (i32.add (local.get $g) (local.get $i)) (v128.load (i32.add (local.get $src) (local.get $i))))
          (local.set $i (i32.add (local.get $i) (i32.const 16)))
          (br_if $f1 (i32.lt_u (local.get $i) (local.get $m))))
        (block $f2done
          (loop $f2
            (br_if $f2done (i32.ge_u (local.get $i) (local.get $be)))
            (v128.store (i32.add (local.get $g) (local.get $i))
              (f64x2.pmax (v128.load (i32.sub (i32.add (local.get $g) (local.get $i)) (local.get $C4)))
                (v128.load (i32.add (local.get $src) (local.get $i)))))
            (local.set $i (i32.add (local.get $i) (i32.const 16)))
            (br $f2)))
        (local.set $bs (local.get $be))
        (br $fblk)))
    (local.set $bs (i32.const 0))
    (block $bdone
      (loop $bblk
        (br_if $bdone (i32.ge_u (local.get $bs) (local.get $lt)))
        (local.set $be (i32.add (local.get $bs) (local.get $kb)))
        (if (i32.gt_u (local.get $be) (local.get $lt)) (then (local.set $be (local.get $lt))))
        (local.set $m (i32.sub (local.get $be) (local.get $C4)))
        (local.set $i (local.get $be))
        (loop $b1
          (local.set $i (i32.sub (local.get $i) (i32.const 16)))
          (v128.store (i32.add (local.get $h) (local.get $i)) (v128.load (i32.add (local.get $src) (local.get $i))))
          (br_if $b1 (i32.gt_u (local.get $i) (local.get $m))))
        (block $b2done
          (loop $b2
            (br_if $b2done (i32.le_u (local.get $i) (local.get $bs)))
            (local.set $i (i32.sub (local.get $i) (i32.const 16)))
            (v128.store (i32.add (local.get $h) (local.get $i))
              (f64x2.pmax (v128.load (i32.add (local.get $src) (local.get $i)))
                (v128.load (i32.add (i32.add (local.get $h) (local.get $i)) (local.get $C4)))))
            (br $b2)))
        (local.set $bs (local.get $be))
        (br $bblk)))
    (local.set $m (i32.sub (local.get $kb) (local.get $C4)))
    (local.set $i (i32.const 0))
    (block $cdone
      (loop $c
        (br_if $cdone (i32.ge_u (local.get $i) (local.get $outLen)))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (f64x2.pmax (v128.load (i32.add (local.get $h) (local.get $i)))
            (v128.load (i32.add (i32.add (local.get $g) (local.get $i)) (local.get $m)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $c))))

  (func (export "vmax2_d") (param $a i32) (param $b i32) (param $len i32) (param $dst i32)
    (local $i i32)
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (f64x2.pmax (v128.load (i32.add (local.get $a) (local.get $i))) (v128.load (i32.add (local.get $b) (local.get $i)))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l))))

  (func (export "vmax2c_d") (param $a i32) (param $b i32) (param $len i32) (param $dst i32) (param $from f64) (param $to f64)
    (local $i i32) (local $acc v128) (local $fromv v128) (local $tov v128)
    (local.set $fromv (f64x2.splat (local.get $from)))
    (local.set $tov (f64x2.splat (local.get $to)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $acc
          (f64x2.pmax (v128.load (i32.add (local.get $a) (local.get $i))) (v128.load (i32.add (local.get $b) (local.get $i)))))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (v128.bitselect (local.get $tov) (local.get $acc) (f64x2.eq (local.get $acc) (local.get $fromv))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l))))

  (func (export "hmax3_d") (param $src i32) (param $len i32) (param $C4 i32) (param $dst i32)
    (local $end i32) (local $C8 i32)
    (local.set $end (i32.add (local.get $src) (local.get $len)))
    (local.set $C8 (i32.shl (local.get $C4) (i32.const 1)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (v128.store (local.get $dst)
          (f64x2.pmax (f64x2.pmax (v128.load (local.get $src)) (v128.load (i32.add (local.get $src) (local.get $C4))))
            (v128.load (i32.add (local.get $src) (local.get $C8)))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $l))))

  (func (export "vmax3f_d") (param $r0 i32) (param $r1 i32) (param $r2 i32) (param $len i32) (param $dst i32)
    (param $from f64) (param $to f64)
    (local $i i32) (local $acc v128) (local $fromv v128) (local $tov v128)
    (local.set $fromv (f64x2.splat (local.get $from)))
    (local.set $tov (f64x2.splat (local.get $to)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $acc (f64x2.pmax
          (f64x2.pmax (v128.load (i32.add (local.get $r0) (local.get $i))) (v128.load (i32.add (local.get $r1) (local.get $i))))
          (v128.load (i32.add (local.get $r2) (local.get $i)))))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (v128.bitselect (local.get $tov) (local.get $acc) (f64x2.eq (local.get $acc) (local.get $fromv))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l))))

  ;; Sum kernels for float64 data (output float64, no rounding): the same passes and order of additions as
  ;; hsum, hsumk, hsum3, vsum, vsum3 and avg2x2, without the float32 promotion and demotion.
  (func (export "hsum_d") (param $src i32) (param $C4 i32) (param $outW i32) (param $wlo i32) (param $whi i32) (param $dst i32)
    (local $ow i32) (local $c i32) (local $w i32) (local $count i32) (local $base i32) (local $p i32) (local $acc v128)
    (block $end_ow
      (loop $ow_loop
        (br_if $end_ow (i32.ge_u (local.get $ow) (local.get $outW)))
        (local.set $base (i32.add (local.get $src)
          (i32.mul (i32.load (i32.add (local.get $wlo) (i32.shl (local.get $ow) (i32.const 2)))) (local.get $C4))))
        (local.set $count (i32.sub
          (i32.load (i32.add (local.get $whi) (i32.shl (local.get $ow) (i32.const 2))))
          (i32.load (i32.add (local.get $wlo) (i32.shl (local.get $ow) (i32.const 2))))))
        (local.set $c (i32.const 0))
        (block $end_c
          (loop $c_loop
            (br_if $end_c (i32.ge_u (local.get $c) (local.get $C4)))
            (local.set $p (i32.add (local.get $base) (local.get $c)))
            (local.set $acc (f64x2.splat (f64.const 0)))
            (local.set $w (i32.const 0))
            (block $end_w
              (loop $w_loop
                (br_if $end_w (i32.ge_u (local.get $w) (local.get $count)))
                (local.set $acc (f64x2.add (local.get $acc) (v128.load (local.get $p))))
                (local.set $p (i32.add (local.get $p) (local.get $C4)))
                (local.set $w (i32.add (local.get $w) (i32.const 1)))
                (br $w_loop)))
            (v128.store (i32.add (local.get $dst) (local.get $c)) (local.get $acc))
            (local.set $c (i32.add (local.get $c) (i32.const 16)))
            (br $c_loop)))
        (local.set $dst (i32.add (local.get $dst) (local.get $C4)))
        (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
        (br $ow_loop))))

  (func (export "hsumk_d") (param $src i32) (param $len i32) (param $C4 i32) (param $k i32) (param $dst i32)
    (local $end i32) (local $p i32) (local $j i32) (local $acc v128)
    (local.set $end (i32.add (local.get $src) (local.get $len)))
    (block $done
      (loop $x_loop
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $acc (f64x2.splat (f64.const 0)))
        (local.set $p (local.get $src))
        (local.set $j (i32.const 0))
        (block $end_j
          (loop $j_loop
            (br_if $end_j (i32.ge_u (local.get $j) (local.get $k)))
            (local.set $acc (f64x2.add (local.get $acc) (v128.load (local.get $p))))
            (local.set $p (i32.add (local.get $p) (local.get $C4)))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $j_loop)))
        (v128.store (local.get $dst) (local.get $acc))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $x_loop))))

  (func (export "hsum3_d") (param $src i32) (param $len i32) (param $C4 i32) (param $dst i32)
    (local $end i32) (local $C8 i32)
    (local.set $end (i32.add (local.get $src) (local.get $len)))
    (local.set $C8 (i32.shl (local.get $C4) (i32.const 1)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $src) (local.get $end)))
        (v128.store (local.get $dst)
          (f64x2.add (f64x2.add (f64x2.add (f64x2.splat (f64.const 0)) (v128.load (local.get $src)))
            (v128.load (i32.add (local.get $src) (local.get $C4)))) (v128.load (i32.add (local.get $src) (local.get $C8)))))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (br $l))))

  (func (export "vsum_d") (param $rows i32) (param $n i32) (param $len i32) (param $divRow i32) (param $dH f64) (param $dst i32)
    (local $i i32) (local $rp i32) (local $rend i32) (local $acc v128) (local $dHv v128)
    (local.set $dHv (f64x2.splat (local.get $dH)))
    (local.set $rend (i32.add (local.get $rows) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (local.set $acc (f64x2.splat (f64.const 0)))
        (local.set $rp (local.get $rows))
        (block $end_r
          (loop $r_loop
            (br_if $end_r (i32.ge_u (local.get $rp) (local.get $rend)))
            (local.set $acc (f64x2.add (local.get $acc) (v128.load (i32.add (i32.load (local.get $rp)) (local.get $i)))))
            (local.set $rp (i32.add (local.get $rp) (i32.const 4)))
            (br $r_loop)))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (f64x2.div (local.get $acc) (f64x2.mul (local.get $dHv) (v128.load (i32.add (local.get $divRow) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l))))

  (func (export "vsum3_d") (param $r0 i32) (param $r1 i32) (param $r2 i32) (param $len i32) (param $divRow i32)
    (param $dH f64) (param $dst i32)
    (local $i i32) (local $dHv v128)
    (local.set $dHv (f64x2.splat (local.get $dH)))
    (block $done
      (loop $l
        (br_if $done (i32.ge_u (local.get $i) (local.get $len)))
        (v128.store (i32.add (local.get $dst) (local.get $i))
          (f64x2.div
            (f64x2.add (f64x2.add (v128.load (i32.add (local.get $r0) (local.get $i)))
              (v128.load (i32.add (local.get $r1) (local.get $i)))) (v128.load (i32.add (local.get $r2) (local.get $i))))
            (f64x2.mul (local.get $dHv) (v128.load (i32.add (local.get $divRow) (local.get $i))))))
        (local.set $i (i32.add (local.get $i) (i32.const 16)))
        (br $l))))

  (func (export "avg2x2_d") (param $src i32) (param $nrows i32) (param $rowB i32) (param $outW i32) (param $C4 i32)
    (param $dst i32) (param $div f64) (param $scale f64) (param $useScale i32)
    (local $r i32) (local $ow i32) (local $q i32) (local $qe i32) (local $row i32) (local $s v128)
    (local $divv v128) (local $scalev v128)
    (local.set $divv (f64x2.splat (local.get $div)))
    (local.set $scalev (f64x2.splat (local.get $scale)))
    (block $end_r
      (loop $r_loop
        (br_if $end_r (i32.ge_u (local.get $r) (local.get $nrows)))
        (local.set $row (i32.add (local.get $src) (i32.mul (i32.shl (local.get $r) (i32.const 1)) (local.get $rowB))))
        (local.set $ow (i32.const 0))
        (block $end_ow
          (loop $ow_loop
            (br_if $end_ow (i32.ge_u (local.get $ow) (local.get $outW)))
            (local.set $q (local.get $row))
            (local.set $qe (i32.add (local.get $row) (local.get $C4)))
            (loop $c_loop
              (local.set $s (f64x2.add (f64x2.add
                (f64x2.add (v128.load (local.get $q)) (v128.load (i32.add (local.get $q) (local.get $C4))))
                (f64x2.add (v128.load (i32.add (local.get $q) (local.get $rowB)))
                  (v128.load (i32.add (i32.add (local.get $q) (local.get $rowB)) (local.get $C4)))))
                (f64x2.splat (f64.const 0))))
              (if (local.get $useScale)
                (then (local.set $s (f64x2.mul (local.get $s) (local.get $scalev))))
                (else (local.set $s (f64x2.div (local.get $s) (local.get $divv)))))
              (v128.store (local.get $dst) (local.get $s))
              (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
              (local.set $q (i32.add (local.get $q) (i32.const 16)))
              (br_if $c_loop (i32.lt_u (local.get $q) (local.get $qe))))
            (local.set $row (i32.add (local.get $row) (i32.shl (local.get $C4) (i32.const 1))))
            (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
            (br $ow_loop)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $r_loop))))
)
