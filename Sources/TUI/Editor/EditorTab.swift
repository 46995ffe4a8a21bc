import Foundation

/// An open file in the editor area: the document plus what the screen and the disk need —
/// scroll position, the column vertical moves aim for, and the file's state on disk when last
/// read or written (to notice another program changing it).
public final class EditorTab {
    public let document: EditorDocument
    /// First visible line and the wrapped row within it.
    public var scrollLine = 0
    public var scrollRow = 0
    /// The cell column Up/Down keep to across short lines.
    public var goalColumn: Int?
    public var diskStamp: FileStamp?
    /// Set when the file changed on disk while this buffer had unsaved edits.
    public var changedOnDisk = false
    /// The document version last written to the swap file.
    public var swappedVersion: Int

    public init(document: EditorDocument, diskStamp: FileStamp?) {
        self.document = document
        self.diskStamp = diskStamp
        swappedVersion = document.version
    }

    public var title: String { (document.path as NSString).lastPathComponent }
}

/// What we remember of a file on disk to tell whether someone else wrote it.
public struct FileStamp: Hashable, Sendable {
    public var modified: Date
    public var size: Int

    public init(modified: Date, size: Int) {
        self.modified = modified
        self.size = size
    }

    public static func of(path: String) -> FileStamp? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let modified = attributes[.modificationDate] as? Date,
              let size = attributes[.size] as? NSNumber else { return nil }
        return FileStamp(modified: modified, size: size.intValue)
    }
}
