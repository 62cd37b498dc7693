/// The longest common subsequence of two sequences of line identifiers, by Myers' O((N+M)·D)
/// algorithm in linear space (middle snake, divide and conquer), so a shortest edit script.
struct MyersDiff {
    private let a: [Int]
    private let b: [Int]
    /// Matched index pairs `(i, j)` with `a[i] == b[j]`, in increasing order.
    private(set) var matches: [(Int, Int)] = []

    /// The matches of a shortest edit script from `a` to `b`.
    static func matches(_ a: [Int], _ b: [Int]) -> [(Int, Int)] {
        var diff = MyersDiff(a: a, b: b)
        diff.compare(0, a.count, 0, b.count)
        return diff.matches
    }

    private init(a: [Int], b: [Int]) {
        self.a = a
        self.b = b
    }

    private mutating func compare(_ aLow: Int, _ aHigh: Int, _ bLow: Int, _ bHigh: Int) {
        var aLow = aLow
        var bLow = bLow
        while aLow < aHigh && bLow < bHigh && a[aLow] == b[bLow] {
            matches.append((aLow, bLow))
            aLow += 1
            bLow += 1
        }
        var suffix = 0
        while aLow < aHigh - suffix && bLow < bHigh - suffix && a[aHigh - 1 - suffix] == b[bHigh - 1 - suffix] {
            suffix += 1
        }
        let aEnd = aHigh - suffix
        let bEnd = bHigh - suffix
        if aLow < aEnd && bLow < bEnd, let snake = middleSnake(aLow, aEnd, bLow, bEnd) {
            compare(aLow, snake.x, bLow, snake.y)
            for step in 0..<(snake.u - snake.x) {
                matches.append((snake.x + step, snake.y + step))
            }
            compare(snake.u, aEnd, snake.v, bEnd)
        }
        for step in 0..<suffix {
            matches.append((aEnd + step, bEnd + step))
        }
    }

    /// A snake `(x, y)`–`(u, v)` on a shortest path through the box, splitting it into two strictly smaller boxes;
    /// nil when there is none (the box is then all deletions and insertions).
    private func middleSnake(_ aLow: Int, _ aHigh: Int, _ bLow: Int, _ bHigh: Int) -> (x: Int, y: Int, u: Int, v: Int)? {
        let n = aHigh - aLow
        let m = bHigh - bLow
        let maxD = (n + m + 1) / 2
        let offset = maxD + 1
        var forward = [Int](repeating: -1, count: 2 * maxD + 3)
        var backward = forward
        forward[offset + 1] = 0
        backward[offset + 1] = 0
        let delta = n - m
        let odd = delta % 2 != 0
        // Diagonals that left the box at either end are no longer extended.
        var forwardStart = 0
        var forwardEnd = 0
        var backwardStart = 0
        var backwardEnd = 0

        for d in 0...maxD {
            for k in stride(from: -d + forwardStart, through: d - forwardEnd, by: 2) {
                var x =
                    (k == -d || (k != d && forward[offset + k - 1] < forward[offset + k + 1]))
                    ? forward[offset + k + 1] : forward[offset + k - 1] + 1
                var y = x - k
                let x0 = x
                let y0 = y
                while x < n && y < m && a[aLow + x] == b[bLow + y] {
                    x += 1
                    y += 1
                }
                forward[offset + k] = x
                if x > n {
                    forwardEnd += 2
                } else if y > m {
                    forwardStart += 2
                } else if odd {
                    let other = delta - k
                    if other >= -(d - 1) && other <= d - 1 && backward[offset + other] >= 0
                        && x + backward[offset + other] >= n
                    {
                        return checked((aLow + x0, bLow + y0, aLow + x, bLow + y), aLow, aHigh, bLow, bHigh)
                    }
                }
            }
            for k in stride(from: -d + backwardStart, through: d - backwardEnd, by: 2) {
                var x =
                    (k == -d || (k != d && backward[offset + k - 1] < backward[offset + k + 1]))
                    ? backward[offset + k + 1] : backward[offset + k - 1] + 1
                var y = x - k
                let x0 = x
                let y0 = y
                while x < n && y < m && a[aHigh - 1 - x] == b[bHigh - 1 - y] {
                    x += 1
                    y += 1
                }
                backward[offset + k] = x
                if x > n {
                    backwardEnd += 2
                } else if y > m {
                    backwardStart += 2
                } else if !odd {
                    let other = delta - k
                    if other >= -d && other <= d && forward[offset + other] >= 0
                        && x + forward[offset + other] >= n
                    {
                        return checked((aHigh - x, bHigh - y, aHigh - x0, bHigh - y0), aLow, aHigh, bLow, bHigh)
                    }
                }
            }
        }
        return nil
    }

    /// `snake` when it lies in the box and leaves two strictly smaller boxes, else nil.
    private func checked(_ snake: (x: Int, y: Int, u: Int, v: Int), _ aLow: Int, _ aHigh: Int, _ bLow: Int, _ bHigh: Int) -> (
        x: Int, y: Int, u: Int, v: Int
    )? {
        let inside =
            aLow <= snake.x && snake.x <= snake.u && snake.u <= aHigh
            && bLow <= snake.y && snake.y <= snake.v && snake.v <= bHigh
            && snake.u - snake.x == snake.v - snake.y
        // Each half must be strictly smaller than the box, or the recursion would not end.
        let leftIsWhole = snake.x == aHigh && snake.y == bHigh
        let rightIsWhole = snake.u == aLow && snake.v == bLow
        return inside && !leftIsWhole && !rightIsWhole ? snake : nil
    }
}
