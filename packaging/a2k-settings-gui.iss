; Inno Setup script: the Windows installer of A2000ERP Email Setting.
; Packs the PyInstaller one-folder build (dist\a2k-settings-gui, made by
; packaging\a2k-settings-gui.spec) into one setup program.
;
;   pyinstaller --noconfirm packaging\a2k-settings-gui.spec
;   iscc packaging\a2k-settings-gui.iss        -> dist\a2k-settings-gui-setup-<version>.exe
;
; Per user, no administrator rights: it installs under %LOCALAPPDATA%\Programs and adds a
; Start-menu shortcut for the current user only.
; Uninstalling removes the program files and the shortcut only. The settings
; (%APPDATA%\a2k-settings-gui\email-settings.json), the log folder and the password in
; Windows Credential Manager stay: reinstalling or upgrading must not make the admin set
; up the e-mail again, and nothing here ever deletes a secret.

#define AppName "A2000ERP Email Setting"
#define BuildDir "..\dist\a2k-settings-gui"
#define GuiExe "a2k-email-settings-gui.exe"
#ifndef AppVersion
  ; The version the spec wrote into the exe's file properties (from the Python package).
  #define AppVersion GetVersionNumbersString(AddBackslash(SourcePath) + BuildDir + "\" + GuiExe)
#endif

[Setup]
; The AppId identifies the product for upgrades and uninstall: never change it.
AppId={{B9C453DA-B4A1-42AA-8864-F31F6E52690D}
AppName={#AppName}
AppVersion={#AppVersion}
AppPublisher=A2000ERP
AppComments=Set up, check and fix the outgoing e-mail of A2000ERP
DefaultDirName={autopf}\A2000ERP Email Setting
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; lowest: no UAC prompt, {autopf} is the user's own Programs folder, shortcuts are the user's.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\dist
OutputBaseFilename=a2k-settings-gui-setup-{#AppVersion}
SetupIconFile=..\resources\app-icon.ico
UninstallDisplayIcon={app}\{#GuiExe}
UninstallDisplayName={#AppName}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; The app may be open while upgrading: let Setup ask to close it.
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
; The whole one-folder build: both programs and the shared libraries and resources.
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
; AppUserModelID matches the one the app sets at start (ui/app.py), so the running window
; and a pinned shortcut share one taskbar button and the app's icon.
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"; AppUserModelID: "A2000ERP.EmailSetting.a2k-settings-gui"; Comment: "Set up and check the outgoing e-mail of A2000ERP"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"; AppUserModelID: "A2000ERP.EmailSetting.a2k-settings-gui"; Tasks: desktopicon

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] and no [Registry] entries on purpose: the uninstaller removes only
; what [Files] and [Icons] installed. Settings, logs and the keyring entry are the admin's.
