/// Where each part of the workbench goes for a terminal size:
///
///     title bar
///     tree │ tab bar
///          │ editor
///     Problems title
///     Problems list
///     status line
///     key-hint bar
public struct WorkbenchLayout: Equatable {
    public var size: Size
    public var titleBar: Rect
    public var tree: Rect
    public var divider: Rect
    public var tabBar: Rect
    public var editor: Rect
    public var problemsTitle: Rect
    public var problems: Rect
    public var statusLine: Rect
    public var hintBar: Rect

    public init(size: Size) {
        self.size = size
        let width = size.width, height = size.height
        let treeWidth = min(32, max(12, width / 4))
        let problemsHeight = max(2, min(8, (height - 6) / 4))
        let mainTop = 1
        let mainHeight = max(1, height - 4 - problemsHeight - 1)
        titleBar = Rect(x: 0, y: 0, width: width, height: 1)
        tree = Rect(x: 0, y: mainTop, width: treeWidth, height: mainHeight)
        divider = Rect(x: treeWidth, y: mainTop, width: 1, height: mainHeight)
        tabBar = Rect(x: treeWidth + 1, y: mainTop, width: width - treeWidth - 1, height: 1)
        editor = Rect(x: treeWidth + 1, y: mainTop + 1, width: width - treeWidth - 1, height: mainHeight - 1)
        problemsTitle = Rect(x: 0, y: mainTop + mainHeight, width: width, height: 1)
        problems = Rect(x: 0, y: problemsTitle.maxY, width: width, height: problemsHeight)
        statusLine = Rect(x: 0, y: height - 2, width: width, height: 1)
        hintBar = Rect(x: 0, y: height - 1, width: width, height: 1)
    }
}
