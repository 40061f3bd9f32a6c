; Inno Setup script: the Windows installer of A2000ERP Email Setting.
; Packs the PyInstaller one-folder build (dist\a2k-settings-gui, made by
; packaging\a2k-settings-gui.spec) into one setup program.
;
;   pyinstaller --noconfirm packaging\a2k-settings-gui.spec
;   iscc packaging\a2k-settings-gui.iss        -> dist\a2k-settings-gui-setup-<version>.exe
;
; Per user, no administrator rights: it installs under %LOCALAPPDATA%\Programs and adds a
; Start-menu shortcut for the current user only. /ALLUSERS (run as an administrator)
; installs for every user under Program Files instead.
;
; Options for deploying to many desktops (README, "Deploying to many desktops"):
;   /VERYSILENT /SUPPRESSMSGBOXES /NORESTART /LOG="file"   Inno Setup's own
;   /CURRENTUSER or /ALLUSERS                              per user (default) / per machine
;   /TASKS="addtopath"                                     put a2k-email-settings on the PATH
;   /PRESET="path\preset.json"                             the machine-wide preset, copied to
;       %ProgramData%\a2k-settings-gui\preset.json. It applies to every user of the computer,
;       so writing it needs an administrator, whatever the install mode: without one Setup
;       stops (exit code 1) and says why, rather than install without the preset IT asked
;       for. A per-user install run by a standard user cannot place it: deploy the preset
;       file with the tools that run as an administrator (Intune, a computer startup
;       script, Group Policy Files), or run Setup elevated. A user-owned preset would be a
;       lock the user can lift, so a per-user location (e.g. HKCU) is not offered.
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
; commandline: /ALLUSERS and /CURRENTUSER work in silent deployments; dialog: asked otherwise.
PrivilegesRequiredOverridesAllowed=commandline dialog
; The PATH option changes the environment: tell running programs (Explorer) at the end.
ChangesEnvironment=yes
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
Name: "addtopath"; Description: "Add the command line program (a2k-email-settings) to the PATH"; GroupDescription: "Command line:"; Flags: unchecked

[Files]
; The whole one-folder build: both programs and the shared libraries and resources.
Source: "{#BuildDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
; /PRESET=file: the machine-wide preset (read by core/store/preset.py). IT's file: it stays
; when the program is uninstalled.
Source: "{code:PresetSource}"; DestDir: "{commonappdata}\a2k-settings-gui"; DestName: "preset.json"; Flags: external ignoreversion uninsneveruninstall; Check: HasPreset

[Icons]
; AppUserModelID matches the one the app sets at start (ui/app.py), so the running window
; and a pinned shortcut share one taskbar button and the app's icon.
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"; AppUserModelID: "A2000ERP.EmailSetting.a2k-settings-gui"; Comment: "Set up and check the outgoing e-mail of A2000ERP"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#GuiExe}"; WorkingDir: "{app}"; AppUserModelID: "A2000ERP.EmailSetting.a2k-settings-gui"; Tasks: desktopicon

[Run]
Filename: "{app}\{#GuiExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] and no [Registry] entries on purpose: the uninstaller removes only
; what [Files] and [Icons] installed, and the PATH entry the option added ([Code]: an
; Inno [Registry] entry could only delete the whole Path value). Settings, logs, the
; preset and the keyring entry are the admin's.

[Code]
const
  UserEnvironment = 'Environment';
  MachineEnvironment = 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment';

var
  Preset: String;

function PresetSource(Param: String): String;
begin
  Result := Preset;
end;

function HasPreset: Boolean;
begin
  Result := Preset <> '';
end;

function InitializeSetup: Boolean;
var
  Why: String;
begin
  Result := True;
  Preset := ExpandConstant('{param:PRESET|}');
  if Preset = '' then
    exit;
  Preset := ExpandFileName(Preset);
  if not FileExists(Preset) then
    Why := 'the preset file ' + Preset + ' does not exist'
  else if not IsAdmin then
    Why := '/PRESET writes ' + ExpandConstant('{commonappdata}') + '\a2k-settings-gui\preset.json ' +
      'for every user of this computer, which needs an administrator. Run Setup as an ' +
      'administrator (Intune, a computer startup script), or deploy the preset file ' +
      'with your own tools';
  if Why <> '' then
  begin
    Log('Setup stopped: ' + Why + '.');
    SuppressibleMsgBox('Setup stopped: ' + Why + '. Nothing was installed.',
      mbCriticalError, MB_OK, IDOK);
    Result := False;
  end
  else
    Log('Preset to install: ' + Preset);
end;

// The PATH of the install mode: the user's (per-user install) or the machine's.
function EnvironmentRoot: Integer;
begin
  if IsAdminInstallMode then
    Result := HKEY_LOCAL_MACHINE
  else
    Result := HKEY_CURRENT_USER;
end;

function EnvironmentKey: String;
begin
  if IsAdminInstallMode then
    Result := MachineEnvironment
  else
    Result := UserEnvironment;
end;

procedure AddToPath(const Folder: String);
var
  Paths: String;
begin
  if not RegQueryStringValue(EnvironmentRoot, EnvironmentKey, 'Path', Paths) then
    Paths := '';
  if Pos(';' + Uppercase(Folder) + ';', ';' + Uppercase(Paths) + ';') > 0 then
    exit;
  if (Paths <> '') and (Copy(Paths, Length(Paths), 1) <> ';') then
    Paths := Paths + ';';
  if not RegWriteExpandStringValue(EnvironmentRoot, EnvironmentKey, 'Path', Paths + Folder) then
    RaiseException('Could not add ' + Folder + ' to the PATH');
  Log('Added to the PATH: ' + Folder);
end;

procedure RemoveFromPath(const Folder: String);
var
  Paths: String;
  At: Integer;
begin
  if not RegQueryStringValue(EnvironmentRoot, EnvironmentKey, 'Path', Paths) then
    exit;
  Paths := ';' + Paths + ';';
  At := Pos(';' + Uppercase(Folder) + ';', Uppercase(Paths));
  if At = 0 then
    exit;
  Delete(Paths, At, Length(Folder) + 1);
  Paths := Copy(Paths, 2, Length(Paths) - 2);
  if RegWriteExpandStringValue(EnvironmentRoot, EnvironmentKey, 'Path', Paths) then
    Log('Removed from the PATH: ' + Folder);
end;

procedure CurStepChanged(CurStep: TSetupStep);
begin
  if (CurStep = ssPostInstall) and WizardIsTaskSelected('addtopath') then
    AddToPath(ExpandConstant('{app}'));
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if CurUninstallStep = usUninstall then
    RemoveFromPath(ExpandConstant('{app}'));
end;
