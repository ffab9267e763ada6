/// Stops training the moment the loss stops being a number.
///
/// A NaN spreads: one NaN gradient makes every weight NaN after the next update, and the loss
/// stays NaN forever. Calling this on each step's loss turns that silent failure into a trap
/// that says when it happened: `loss became NaN at step 37`. (It goes through `fatalError`,
/// whose message, unlike `precondition`'s, survives release builds; `file` and `line` default
/// to the caller's, so a chapter's page shows the line of the training loop.)
///
///     for step in 0..<steps {
///         let (loss, grad) = mseLoss(prediction, target)
///         requireFinite(loss, step: step)
///         ...
///     }
public func requireFinite(_ loss: Double, step: Int, file: StaticString = #filePath, line: UInt = #line) {
    if !loss.isFinite {
        fatalError("loss became \(loss.isNaN ? "NaN" : "\(loss)") at step \(step)", file: (file), line: line)
    }
}
